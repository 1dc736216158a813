"""The catalog's generation on PostgreSQL (migration ``0024_search_cache``): the sum of the
shard counters that a trigger bumps in the same transaction as any change to what a search
answer shows. Read on the read engine, where the pages are read: a page read after this
number was read is at least as new as it, which is all the search cache needs (a cached
page never holds data older than its generation).

Every search reads it, so the reads are gathered: callers that arrive while one read is in
flight share the next one, which starts after they arrived (a caller never gets a number
read before it asked, so a writer's next search sees its own change). At any rate of
searches a process then holds one pooled connection for generations, not one per request:
under load the pool stays free for the pages the cache does not hold."""

from __future__ import annotations

import asyncio

from souk.adapters.sql.dead_connections import raw_call
from souk.adapters.sql.read_engine import ReadEngine

GENERATION_SQL = "SELECT sum(n)::bigint FROM catalog_generation"


async def catalog_generation(read_engine: ReadEngine) -> int:
    found = await raw_call(read_engine.engine, "fetchval", GENERATION_SQL)
    return int(found or 0)


class CatalogGeneration:
    def __init__(self, read_engine: ReadEngine) -> None:
        self._read_engine = read_engine
        self._next: asyncio.Future[int] | None = None  # the read that callers arriving now will share
        self._reader: asyncio.Task[None] | None = None

    async def current(self) -> int:
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
        found = self._next
        if self._reader is None:
            self._reader = asyncio.create_task(self._read_while_asked(), name="catalog-generation")
        return await asyncio.shield(found)

    async def _read_while_asked(self) -> None:
        try:
            while self._next is not None:
                found, self._next = self._next, None
                try:
                    found.set_result(await catalog_generation(self._read_engine))
                except Exception as error:
                    found.set_exception(error)
                    found.exception()  # retrieved: every caller may have given up
        finally:
            self._reader = None
