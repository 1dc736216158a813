from __future__ import annotations

from uuid import UUID

from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.shared.visibility import Visibility
from souk.domain.catalog.errors import ProductNotFound
from souk.domain.catalog.product import ProductStatus


class GetProduct:
    """Public, except that an archived listing is visible to its seller only."""

    def __init__(self, reader: CatalogReader, visibility: Visibility) -> None:
        self._reader = reader
        self._visibility = visibility

    async def __call__(self, product_id: UUID, viewer_id: UUID | None) -> Listing:
        listing = await listing_for(self._reader, product_id, viewer_id)
        seller = listing.product.seller_id
        if seller != viewer_id and seller in await self._visibility.hidden_from(viewer_id):
            raise ProductNotFound()  # blocked either way, or the seller is suspended
        return listing


async def listing_for(reader: CatalogReader, product_id: UUID, viewer_id: UUID | None) -> Listing:
    """The product as ``viewer_id`` may see it by its status (archived: its seller only)."""
    listing = await reader.listing(product_id)
    if listing is None:
        raise ProductNotFound()
    if listing.product.status is ProductStatus.ARCHIVED and listing.product.seller_id != viewer_id:
        raise ProductNotFound()
    return listing
