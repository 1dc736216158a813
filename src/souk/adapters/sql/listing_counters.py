"""A kept search page brought up to date by its engagement counters alone (issue 19).

Within one catalog generation nothing a search page shows can change but the counters
(saves, likes, views: the generation's trigger leaves them out, ``0024_search_cache``), and
no sort reads them. So a page older than the cache's time to live needs no new search: its
listings' counters, read by primary key, make it exactly the page a new search would
answer. One index lookup per listing instead of the page's search (~15 ms of PostgreSQL at
1,000,000 products; every kept page is read again every 30 s)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from souk.adapters.sql.dead_connections import raw_call
from souk.adapters.sql.read_engine import ReadEngine
from souk.application.ports.catalog_reader import Listing

COUNTERS_SQL = "SELECT id, saves_count, likes_count, views_count FROM products WHERE id = ANY($1::uuid[])"


class ListingCounters:
    def __init__(self, read_engine: ReadEngine) -> None:
        self._read_engine = read_engine

    async def __call__(self, listings: Sequence[Listing]) -> list[Listing]:
        """The same listings with the counters the database holds now (a new object each:
        the kept ones may be in a response being written)."""
        if not listings:
            return []
        ids = [listing.product.id for listing in listings]
        rows = await raw_call(self._read_engine.engine, "fetch", COUNTERS_SQL, (ids,))
        counters = {row["id"]: (row["saves_count"], row["likes_count"], row["views_count"]) for row in rows}
        fresh = []
        for listing in listings:
            found = counters.get(listing.product.id)
            if found is None:  # gone: the generation moved with it, and the next search reads the page anew
                fresh.append(listing)
                continue
            saves, likes, views = found
            product = replace(listing.product, saves_count=saves, likes_count=likes, views_count=views)
            fresh.append(replace(listing, product=product))
        return fresh
