from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from souk.application.catalog.product_videos import ProductVideos
from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.shared.cursors import SortKey
from souk.domain.catalog.search import SearchCriteria


class ListingsWithVideos(CatalogReader):
    """Every listing leaves the catalog with its video preview: one batch lookup per page,
    none at all for pages without videos."""

    def __init__(self, inner: CatalogReader, videos: ProductVideos) -> None:
        self._inner = inner
        self._videos = videos

    async def search(self, criteria: SearchCriteria, after: SortKey | None, limit: int) -> list[Listing]:
        return await self._with_videos(await self._inner.search(criteria, after, limit))

    async def listing(self, product_id: UUID) -> Listing | None:
        found = await self._inner.listing(product_id)
        return (await self._with_videos([found]))[0] if found else None

    async def saved_by(self, user_id: UUID, after: SortKey | None, limit: int) -> list[Listing]:
        return await self._with_videos(await self._inner.saved_by(user_id, after, limit))

    async def _with_videos(self, listings: list[Listing]) -> list[Listing]:
        previews = await self._videos.previews(
            listing.product.video_media_id for listing in listings if listing.product.video_media_id
        )
        if not previews:
            return listings
        return [
            replace(listing, video=previews.get(listing.product.video_media_id))
            if listing.product.video_media_id
            else listing
            for listing in listings
        ]
