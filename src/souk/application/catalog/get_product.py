from __future__ import annotations

from uuid import UUID

from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.domain.catalog.errors import ProductNotFound
from souk.domain.catalog.product import ProductStatus


class GetProduct:
    """Public, except that an archived listing is visible to its seller only."""

    def __init__(self, reader: CatalogReader) -> None:
        self._reader = reader

    async def __call__(self, product_id: UUID, viewer_id: UUID | None) -> Listing:
        listing = await self._reader.listing(product_id)
        if listing is None:
            raise ProductNotFound()
        if listing.product.status is ProductStatus.ARCHIVED and listing.product.seller_id != viewer_id:
            raise ProductNotFound()
        return listing
