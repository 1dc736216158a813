"""The catalog's generation on PostgreSQL (migration ``0024_search_cache``): the sum of the
shard counters that a trigger bumps in the same transaction as any change to what a search
answer shows. Read on the read engine, where the pages are read: a page read after this
number was read is at least as new as it, which is all the search cache needs (a cached
page never holds data older than its generation).

Every search reads it, so the reads are gathered (``SharedRead``): callers that arrive while
one read is in flight share the next one, which starts after they arrived (a caller never
gets a number read before it asked, so a writer's next search sees its own change). At any rate of
searches a process then holds one pooled connection for generations, not one per request:
under load the pool stays free for the pages the cache does not hold."""

from __future__ import annotations

from souk.adapters.sql.dead_connections import raw_call
from souk.adapters.sql.read_engine import ReadEngine
from souk.application.shared.shared_read import SharedRead

GENERATION_SQL = "SELECT sum(n)::bigint FROM catalog_generation"


async def catalog_generation(read_engine: ReadEngine) -> int:
    found = await raw_call(read_engine.engine, "fetchval", GENERATION_SQL)
    return int(found or 0)


class CatalogGeneration:
    def __init__(self, read_engine: ReadEngine) -> None:
        self._read_engine = read_engine
        self._shared: SharedRead[None, int] = SharedRead(lambda first, _: first)

    async def current(self) -> int:
        return await self._shared(None, self._read)

    async def _read(self, _: None) -> int:
        return await catalog_generation(self._read_engine)
