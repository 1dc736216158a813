"""The live room's opening rush on a tiny pool: every join is answered, none waits on a
connection its own request holds (issue 21), and a pool that really is exhausted gives up
within the configured timeout instead of hanging for 30 s."""

from __future__ import annotations

import asyncio
import time
from contextlib import AsyncExitStack
from dataclasses import replace
from uuid import uuid4

import httpx
import pytest
from sqlalchemy.exc import TimeoutError as PoolTimeout

from souk.adapters.sql.read_engine import ReadEngine
from souk.application.ports.user_reader import UserReader
from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.test_live_room import call, container_of, live_stream, product, register
from tests.e2e.ws_support import serving, ws_client

VIEWERS = 50  # 25 times the pool


async def test_fifty_simultaneous_joins_on_a_pool_of_two_are_all_acked(backend_settings: Settings) -> None:
    settings = replace(backend_settings, db_pool_size=2, rate_limit_scale=1000)
    async with serving(create_app(settings)) as address, AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://{address}", timeout=30))
        seller = await register(http)
        sid = await live_stream(http, seller, [await product(http, seller)])
        viewers = [await register(http) for _ in range(VIEWERS)]
        clients = [await stack.enter_async_context(ws_client(address, v.token)) for v in viewers]
        for client in clients:
            await client.expect("connected", timeout=10)

        async def join(n: int) -> tuple[str, float]:
            started = time.monotonic()
            frame = await call(clients[n], "stream:join", {"stream_id": sid}, f"j{n}")
            return frame["type"], time.monotonic() - started

        answers = await asyncio.gather(*(join(n) for n in range(VIEWERS)))
        assert [kind for kind, _ in answers] == ["ack"] * VIEWERS, answers
        # Before: every join held one read connection and waited for a second one: 30 s.
        assert max(took for _, took in answers) < 5.0


@pytest.mark.postgres
@pytest.mark.redis
async def test_an_exhausted_pool_raises_within_its_timeout_not_thirty_seconds(postgres_settings: Settings) -> None:
    settings = replace(postgres_settings, db_pool_size=2, db_pool_timeout_s=1.0)
    app = create_app(settings)
    async with serving(app):
        container = container_of(app)
        engine = (await container.get(ReadEngine)).engine
        users = await container.get(UserReader)
        held, release = asyncio.Semaphore(0), asyncio.Event()

        async def hold_one() -> None:  # one connection per task: the guard stays quiet
            async with engine.connect():
                held.release()
                await release.wait()

        holders = [asyncio.create_task(hold_one()) for _ in range(settings.db_pool_size)]
        try:
            for _ in holders:
                await asyncio.wait_for(held.acquire(), timeout=30)
            started = time.monotonic()
            with pytest.raises(PoolTimeout):
                await users.get(uuid4())
            waited = time.monotonic() - started
        finally:
            release.set()
            await asyncio.gather(*holders)
        assert 0.9 <= waited < 5.0
        assert await users.get(uuid4()) is None  # the pool serves again once connections return
