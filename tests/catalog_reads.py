"""A catalog reader that notes every read, to show a use case reads its products in one."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from dishka import Provider, Scope, decorate

from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.shared.cursors import SortKey
from souk.domain.catalog.search import SearchCriteria


class CountingCatalog(CatalogReader):
    def __init__(self, inner: CatalogReader, reads: list[str] | None = None) -> None:
        self.inner = inner
        self.reads = [] if reads is None else reads

    async def search(self, criteria: SearchCriteria, after: SortKey | None, limit: int) -> list[Listing]:
        self.reads.append("search")
        return await self.inner.search(criteria, after, limit)

    async def listing(self, product_id: UUID) -> Listing | None:
        self.reads.append("listing")
        return await self.inner.listing(product_id)

    async def listings(self, product_ids: Sequence[UUID]) -> list[Listing]:
        self.reads.append("listings")
        return await self.inner.listings(product_ids)

    async def saved_by(self, user_id: UUID, after: SortKey | None, limit: int) -> list[Listing]:
        self.reads.append("saved_by")
        return await self.inner.saved_by(user_id, after, limit)


def counted_catalog(reads: list[str]) -> Provider:
    """Wraps the container's catalog reader (images and videos included): each read lands in ``reads``."""

    class Counted(Provider):
        scope = Scope.REQUEST

        @decorate
        def counted(self, reader: CatalogReader) -> CatalogReader:
            return CountingCatalog(reader, reads)

    return Counted()
