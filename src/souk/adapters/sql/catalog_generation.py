"""The catalog's generation on PostgreSQL (migration ``0024_search_cache``): the sum of the
shard counters that a trigger bumps in the same transaction as any change to what a search
answer shows. Read on the read engine, where the pages are read: a page read after this
number was read is at least as new as it, which is all the search cache needs (a cached
page never holds data older than its generation)."""

from __future__ import annotations

from souk.adapters.sql.dead_connections import raw_call
from souk.adapters.sql.read_engine import ReadEngine

GENERATION_SQL = "SELECT sum(n)::bigint FROM catalog_generation"


async def catalog_generation(read_engine: ReadEngine) -> int:
    found = await raw_call(read_engine.engine, "fetchval", GENERATION_SQL)
    return int(found or 0)
