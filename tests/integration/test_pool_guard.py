"""The guard behind "one connection per pool per unit of work" (tests/conftest.py runs it
over the whole suite): it must catch a nested checkout, and only that."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.pool_guard import PoolGuard

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
