"""The guard behind "one connection per pool per unit of work" (tests/conftest.py runs it
over the whole suite): it must catch a nested checkout, and only that."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.pool_guard import PoolGuard, install_for_process, uninstall_for_process
from souk.adapters.sql.read_engine import ReadEngine
from souk.bootstrap.container import build_container
from souk.bootstrap.migrations import migrate
from tests.e2e.test_real_server import POOL_GUARD_LINE
from tests.support import fast_settings

pytestmark = pytest.mark.nests_pool_checkouts


@pytest.fixture
async def guard() -> AsyncIterator[PoolGuard]:
    guard = PoolGuard()
    guard.install()
    yield guard
    guard.uninstall()


@pytest.fixture
async def engines(tmp_path: Path) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'guard.db'}"
    write, read = create_engine(url, pool_size=4), create_engine(url, pool_size=4, autocommit=True)
    yield write, read
    await write.dispose()
    await read.dispose()


async def test_a_second_connection_of_a_held_pool_is_a_violation_naming_both_checkouts(
    guard: PoolGuard, engines: tuple[AsyncEngine, AsyncEngine]
) -> None:
    _, read = engines  # (nested writers on SQLite would wait for each other's lock)
    async with read.connect() as outer:
        await outer.execute(text("SELECT 1"))
        async with read.connect() as inner:
            await inner.execute(text("SELECT 1"))
    [violation] = guard.take_violations()
    assert "nested checkout" in violation.reason
    held, taken = "".join(violation.held.format()), "".join(violation.taken.format())
    assert "test_a_second_connection_of_a_held_pool" in held  # both stacks lead back here
    assert "test_a_second_connection_of_a_held_pool" in taken
    assert held != taken


async def test_sequential_checkouts_of_one_pool_are_allowed(
    guard: PoolGuard, engines: tuple[AsyncEngine, AsyncEngine]
) -> None:
    write, read = engines
    for _ in range(3):
        async with write.connect() as conn:
            await conn.execute(text("SELECT 1"))
        async with read.connect() as conn:
            await conn.execute(text("SELECT 1"))
    assert guard.take_violations() == []


async def test_tasks_holding_one_connection_each_at_once_are_told_apart(
    guard: PoolGuard, engines: tuple[AsyncEngine, AsyncEngine]
) -> None:
    _, read = engines
    all_in = asyncio.Barrier(3)

    async def hold_one() -> None:
        async with read.connect() as conn:
            await conn.execute(text("SELECT 1"))
            await asyncio.wait_for(all_in.wait(), timeout=30)  # all three held at once

    await asyncio.gather(*(hold_one() for _ in range(3)))
    assert guard.take_violations() == []


async def test_a_write_connection_taken_while_holding_a_read_one_is_a_violation(
    guard: PoolGuard, engines: tuple[AsyncEngine, AsyncEngine]
) -> None:
    write, read = engines
    async with read.connect() as reading:
        await reading.execute(text("SELECT 1"))
        async with write.connect() as writing:
            await writing.execute(text("SELECT 1"))
    [violation] = guard.take_violations()
    assert "write connection while this task holds a read connection" in violation.reason


async def test_a_read_statement_inside_a_write_transaction_is_allowed(
    guard: PoolGuard, engines: tuple[AsyncEngine, AsyncEngine]
) -> None:
    write, read = engines
    async with write.begin() as writing:
        await writing.execute(text("SELECT 1"))
        async with read.connect() as reading:
            await reading.execute(text("SELECT 1"))
    assert guard.take_violations() == []


async def test_a_connection_returned_in_another_task_is_no_longer_held(
    guard: PoolGuard, engines: tuple[AsyncEngine, AsyncEngine]
) -> None:
    _, read = engines

    async def open_one() -> AsyncConnection:
        conn = await read.connect()
        await conn.execute(text("SELECT 1"))
        return conn

    held = await asyncio.create_task(open_one())
    await held.close()
    async with read.connect() as conn:
        await conn.execute(text("SELECT 1"))
    assert guard.take_violations() == []


async def test_the_app_installs_the_guard_when_asked_and_logs_each_violation_loudly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = replace(fast_settings(tmp_path), debug_pool_guard=True)
    await migrate(settings)
    container = build_container(settings)
    try:
        read = (await container.get(ReadEngine)).engine
        with caplog.at_level(logging.ERROR, logger="souk.pool_guard"):
            async with read.connect() as outer, read.connect() as inner:
                del outer, inner
        [line] = [r.getMessage() for r in caplog.records if r.name == "souk.pool_guard"]
        assert line.startswith(POOL_GUARD_LINE)
        assert "test_the_app_installs_the_guard" in line
        assert install_for_process().count == 1  # the one the app installed, not a second guard
    finally:
        uninstall_for_process()
        await container.close()


async def test_off_by_default_the_app_registers_no_pool_listener(tmp_path: Path) -> None:
    settings = fast_settings(tmp_path)
    assert not settings.debug_pool_guard
    await migrate(settings)
    container = build_container(settings)
    try:
        for engine in (await container.get(AsyncEngine), (await container.get(ReadEngine)).engine):
            # The test suite's own guard is the one listener: the app added none.
            assert len(engine.sync_engine.pool.dispatch.checkout) == 1
    finally:
        await container.close()
