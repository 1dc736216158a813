"""The generation's reads are gathered: searches arriving together share one read, and a
search never gets a number read before it asked (a writer's next search sees its change)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from souk.adapters.sql import catalog_generation as module
from souk.adapters.sql.catalog_generation import CatalogGeneration


class Database:
    def __init__(self) -> None:
        self.generation = 7
        self.reads = 0
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        self.fail = False

    async def read(self, _engine: Any) -> int:
        self.reads += 1
        seen = self.generation  # the snapshot: what was committed when the read began
        self.started.set()
        await self.release.wait()
        self.release.clear()
        if self.fail:
            raise RuntimeError("database away")
        return seen


@pytest.fixture
def database(monkeypatch: pytest.MonkeyPatch) -> Database:
    found = Database()
    monkeypatch.setattr(module, "catalog_generation", found.read)
    return found


async def test_callers_arriving_together_share_one_read(database: Database) -> None:
    generation = CatalogGeneration(None)  # type: ignore[arg-type]
    callers = [asyncio.create_task(generation.current()) for _ in range(10)]
    await database.started.wait()
    database.release.set()
    assert await asyncio.gather(*callers) == [7] * 10
    assert database.reads == 1


async def test_a_caller_arriving_during_a_read_gets_the_next_one(database: Database) -> None:
    generation = CatalogGeneration(None)  # type: ignore[arg-type]
    early = asyncio.create_task(generation.current())
    await database.started.wait()
    database.started.clear()
    database.generation = 8  # a write commits while the first read is in flight
    late = asyncio.create_task(generation.current())
    await asyncio.sleep(0)
    database.release.set()
    assert await early == 7
    await database.started.wait()
    database.release.set()
    assert await late == 8  # not the read that began before it asked
    assert database.reads == 2


async def test_a_failed_read_fails_its_callers_and_the_next_read_runs(database: Database) -> None:
    generation = CatalogGeneration(None)  # type: ignore[arg-type]
    database.fail = True
    first = asyncio.create_task(generation.current())
    await database.started.wait()
    database.started.clear()
    database.release.set()
    with pytest.raises(RuntimeError):
        await first
    database.fail = False
    second = asyncio.create_task(generation.current())
    await database.started.wait()
    database.release.set()
    assert await second == 7
