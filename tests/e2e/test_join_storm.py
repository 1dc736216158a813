"""A show's opening rush against a real ``souk serve``: 240 viewers, each already
connected, send ``stream:join`` for one live stream at the same instant (12 times the default
pool of 20). Every one is acked with the stream, none gets ``internal_error``, and every
visit reaches the viewer log (written in batches). Both deployments: embedded SQLite, and
PostgreSQL + Redis."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
import websockets
from sqlalchemy import func, select

from souk.adapters.security.jwt_access_tokens import JwtAccessTokens
from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.tables import stream_viewers, users
from souk.adapters.system.clock import SystemClock
from souk.application.shared.ids import new_id
from souk.domain.accounts.notifications import default_settings
from tests.e2e.test_live_room import live_stream, product, register
from tests.e2e.test_real_server import clean_env, running_server

VIEWERS = 240
SECRET = "join-storm-" + "s" * 40


async def seed_viewers(database_url: str, count: int) -> list[UUID]:
    """Viewers straight into the users table (registering 240 through the API would
    measure password hashing, not joins); they sign in with tokens minted below."""
    now = datetime.now(UTC)
    stamp = new_id().hex[-8:]
    rows = [
        {
            "id": new_id(),
            "username": f"storm{stamp}{i:04d}",
            "display_name": f"Storm viewer {i}",
            "password_hash": "not-a-login",
            "phone": None,
            "email": None,
            "phone_verified": False,
            "seller_tier": "free",
            "role": "user",
            "notification_settings": default_settings(),
            "created_at": now,
            "updated_at": now,
        }
        for i in range(count)
    ]
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.begin() as conn:
            await conn.execute(users.insert(), rows)
    finally:
        await engine.dispose()
    return [row["id"] for row in rows]


async def visits_logged(database_url: str, stream_id: str) -> int:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as conn:
            query = (
                select(func.count()).select_from(stream_viewers).where(stream_viewers.c.stream_id == UUID(stream_id))
            )
            return int((await conn.execute(query)).scalar_one())
    finally:
        await engine.dispose()


async def connected(stack: AsyncExitStack, address: str, token: str) -> Any:
    ws = await stack.enter_async_context(websockets.connect(f"ws://{address}/ws?token={token}"))
    assert json.loads(await asyncio.wait_for(ws.recv(), 30))["type"] == "connected"
    return ws


async def join(ws: Any, stream_id: str) -> dict[str, Any]:
    await ws.send(json.dumps({"type": "stream:join", "ref": "storm", "data": {"stream_id": stream_id}}))
    while True:
        frame: dict[str, Any] = json.loads(await ws.recv())
        if frame.get("ref") == "storm":
            return frame


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])])
async def deployment(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[tuple[str, str]]:
    """(database URL, server address) of a running ``souk serve``."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'souk.db'}"
        env = clean_env(SOUK_DATABASE_URL=url, SOUK_DATA_DIR=str(tmp_path), SOUK_JWT_SECRET=SECRET)
    else:
        request.getfixturevalue("postgres_settings")  # migrates the database
        url = request.getfixturevalue("postgres_url")
        env = clean_env(SOUK_DATABASE_URL=url, SOUK_REDIS_URL=request.getfixturevalue("redis_url"))
        env["SOUK_JWT_SECRET"] = SECRET
    env["SOUK_RATE_LIMIT_SCALE"] = "1000"
    with running_server(tmp_path, env) as base:
        yield url, base.removeprefix("http://")


async def test_a_join_storm_is_acked_for_every_viewer(deployment: tuple[str, str]) -> None:
    database_url, address = deployment
    async with httpx.AsyncClient(base_url=f"http://{address}", timeout=30) as http:
        seller = await register(http)
        sid = await live_stream(http, seller, [await product(http, seller)])
    viewers = await seed_viewers(database_url, VIEWERS)
    minted = JwtAccessTokens(SECRET, "souk", "souk-api", clock=SystemClock(), ttl=timedelta(hours=1))
    tokens = [minted.issue(v, uuid4(), datetime.now(UTC)).token for v in viewers]
    async with AsyncExitStack() as stack:
        sockets = [await connected(stack, address, t) for t in tokens]
        async with asyncio.timeout(60):  # generous for a loaded CI machine; the issue's 30 s hang would fail it
            answers = await asyncio.gather(*(join(ws, sid) for ws in sockets))
        kinds = Counter(a["type"] if a["type"] == "ack" else a["data"]["code"] for a in answers)
        assert kinds == {"ack": VIEWERS}
        assert {a["data"]["stream"]["id"] for a in answers} == {sid}
        assert all(a["data"]["stream"]["playback_url"] for a in answers)
        async with asyncio.timeout(30):  # the viewer log's batches (every 0.25 s by default)
            while (logged := await visits_logged(database_url, sid)) < VIEWERS:
                await asyncio.sleep(0.2)
        assert logged == VIEWERS
