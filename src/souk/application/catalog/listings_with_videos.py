from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from uuid import UUID

from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.ports.images import Images
from souk.application.ports.product_videos import ProductVideos
from souk.application.shared.cursors import SortKey
from souk.domain.catalog.search import SearchCriteria


class ListingsWithVideos(CatalogReader):
    """Every listing leaves the catalog with its video preview and its images' variants: one
    batch lookup each per page, none at all for pages without them."""

    def __init__(self, inner: CatalogReader, videos: ProductVideos, images: Images) -> None:
        self._inner = inner
        self._videos = videos
        self._images = images

    async def search(self, criteria: SearchCriteria, after: SortKey | None, limit: int) -> list[Listing]:
        return await self._with_videos(await self._inner.search(criteria, after, limit))

    async def listing(self, product_id: UUID) -> Listing | None:
        found = await self._inner.listing(product_id)
        return (await self._with_videos([found]))[0] if found else None

    async def listings(self, product_ids: Sequence[UUID]) -> list[Listing]:
        return await self._with_videos(await self._inner.listings(product_ids))

    async def saved_by(self, user_id: UUID, after: SortKey | None, limit: int) -> list[Listing]:
        return await self._with_videos(await self._inner.saved_by(user_id, after, limit))

    async def _with_videos(self, listings: list[Listing]) -> list[Listing]:
        return await self._with_images(await self._with_video_previews(listings))

    async def _with_images(self, listings: list[Listing]) -> list[Listing]:
        views = await self._images.views(i for listing in listings for i in listing.product.image_media_ids)
        if not views:
            return listings
        return [
            replace(listing, images=tuple(views[i] for i in listing.product.image_media_ids if i in views))
            if listing.product.image_media_ids
            else listing
            for listing in listings
        ]

    async def _with_video_previews(self, listings: list[Listing]) -> list[Listing]:
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
