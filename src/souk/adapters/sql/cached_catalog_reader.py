"""Search on PostgreSQL through the process's search cache (issue 19).

Each search first reads the catalog's generation (16 rows, one read shared by the
searches that arrive together: ``catalog_generation.py``) and is
answered from the cache when a page for the same criteria, position and size was read at
that generation; otherwise the page is read and kept. Many processes on many hosts stay
right without talking to one another: the generation lives in the database and moves with
every change a page could show, so a process serves a kept page only when nothing it shows
has changed since. A page past the cache's time to live is brought up to date by its
counters alone (``listing_counters.py``), the only thing a generation does not follow.
One product, a batch of products and saved lists are not cached: they pass through, read
as they are now, so no change needs to reach them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from uuid import UUID

from souk.adapters.search_cache import SearchCache
from souk.adapters.sql.catalog_generation import CatalogGeneration
from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.shared.cursors import SortKey
from souk.domain.catalog.search import SearchCriteria


class CachedCatalogReader(CatalogReader):
    def __init__(
        self,
        inner: CatalogReader,
        generation: CatalogGeneration,
        cache: SearchCache[Listing],
        counters: Callable[[Sequence[Listing]], Awaitable[list[Listing]]] | None = None,
    ) -> None:
        self._inner = inner
        self._generation = generation
        self._cache = cache
        self._counters = counters  # None: an old page is searched again

    async def search(self, criteria: SearchCriteria, after: SortKey | None, limit: int) -> list[Listing]:
        if not self._cache.enabled:
            return await self._inner.search(criteria, after, limit)
        generation = await self._generation.current()
        # the viewer's hidden sellers are part of the criteria, so of the key; a position's
        # values with their types (a price 3 and a rank 3.0 are different positions)
        position = None if after is None else tuple((type(value), value) for value in after)
        return await self._cache.page(
            (criteria, position, limit), generation, lambda: self._inner.search(criteria, after, limit), self._counters
        )

    async def listing(self, product_id: UUID) -> Listing | None:
        return await self._inner.listing(product_id)

    async def listings(self, product_ids: Sequence[UUID]) -> list[Listing]:
        return await self._inner.listings(product_ids)

    async def saved_by(self, user_id: UUID, after: SortKey | None, limit: int) -> list[Listing]:
        return await self._inner.saved_by(user_id, after, limit)
