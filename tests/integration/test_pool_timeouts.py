"""Short pool timeouts on the embedded deployment too: waiting for a pooled connection or for
SQLite's write lock ends with an exception the error translator can answer ("busy") within
SOUK_DB_POOL_TIMEOUT_S, instead of the 30 s it used to take."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.adapters.sql.engine import create_engine
from souk.bootstrap.settings import Settings

TIMEOUT_S = 1.0


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'timeouts.db'}", pool_size=2, pool_timeout_s=TIMEOUT_S)
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (n INTEGER)"))
    yield engine
    await engine.dispose()


async def hold(engine: AsyncEngine, held: asyncio.Semaphore, release: asyncio.Event, *, write: bool) -> None:
    async with engine.connect() as conn:
        if write:
            await conn.execute(text("INSERT INTO t VALUES (1)"))  # BEGIN IMMEDIATE: the write lock
        held.release()
        await release.wait()


async def waited_for(engine: AsyncEngine, holders: int, error: type[Exception], match: str, *, write: bool) -> float:
    held, release = asyncio.Semaphore(0), asyncio.Event()
    tasks = [asyncio.create_task(hold(engine, held, release, write=write)) for _ in range(holders)]
    try:
        for _ in tasks:
            await asyncio.wait_for(held.acquire(), timeout=30)
        started = time.monotonic()
        with pytest.raises(error, match=match):
            async with engine.begin() as conn:
                await conn.execute(text("INSERT INTO t VALUES (2)"))
        return time.monotonic() - started
    finally:
        release.set()
        await asyncio.gather(*tasks)


async def test_a_full_sqlite_pool_raises_timeout_error_within_the_pool_timeout(engine: AsyncEngine) -> None:
    waited = await waited_for(engine, 2, PoolTimeout, "QueuePool limit", write=False)
    assert TIMEOUT_S * 0.9 <= waited < TIMEOUT_S + 4


async def test_a_writer_behind_sqlites_write_lock_gives_up_within_the_pool_timeout(engine: AsyncEngine) -> None:
    waited = await waited_for(engine, 1, OperationalError, "database is locked", write=True)
    assert TIMEOUT_S * 0.9 <= waited < TIMEOUT_S + 4
    async with engine.begin() as conn:  # and the database takes writes again once the lock is free
        await conn.execute(text("INSERT INTO t VALUES (3)"))


def test_the_pool_timeout_is_a_setting_short_by_default() -> None:
    assert Settings.from_env({}).db_pool_timeout_s == 5.0
    assert Settings.from_env({"SOUK_DB_POOL_TIMEOUT_S": "2.5"}).db_pool_timeout_s == 2.5
