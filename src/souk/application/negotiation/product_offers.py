from __future__ import annotations

from uuid import UUID

from souk.application.negotiation.list_offers import offer_key
from souk.application.ports.catalog_reader import CatalogReader
from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.offer_repository import OfferReader
from souk.application.shared.paging import Page, page_of
from souk.domain.catalog.errors import NotTheSeller, ProductNotFound
from souk.domain.catalog.product import ProductStatus
from souk.domain.negotiation.offer import Offer


class ProductOffers:
    """Seller only: every offer on the product with its history."""

    def __init__(self, offers: OfferReader, catalog: CatalogReader, codec: CursorCodec) -> None:
        self._offers = offers
        self._catalog = catalog
        self._codec = codec

    async def __call__(self, product_id: UUID, viewer: UUID, cursor: str | None, limit: int) -> Page[Offer]:
        listing = await self._catalog.listing(product_id)
        product = listing.product if listing else None
        if product is None or (product.status is ProductStatus.ARCHIVED and product.seller_id != viewer):
            raise ProductNotFound()
        if product.seller_id != viewer:
            raise NotTheSeller("Only the seller sees the offers on a product.")
        return await page_of(
            self._codec,
            f"product-offers:{product_id}",
            cursor,
            limit,
            lambda after, n: self._offers.of_product(product_id, after, n),
            offer_key,
        )
