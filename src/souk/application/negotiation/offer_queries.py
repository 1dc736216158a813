"""Read-side use cases of offers."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from souk.application.negotiation.paging import Page, page_of
from souk.application.ports.catalog_reader import CatalogReader
from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.offer_repository import OfferReader
from souk.domain.catalog.errors import NotTheSeller, ProductNotFound
from souk.domain.catalog.product import ProductStatus
from souk.domain.negotiation.errors import OfferNotFound
from souk.domain.negotiation.offer import Offer, OfferStatus
from souk.domain.shared.errors import InvalidInput
from souk.domain.shared.money import Money

FEED_SIZE = 20


def offer_key(offer: Offer) -> tuple[str, str]:
    return (offer.created_at.isoformat(), str(offer.id))


class GetOffer:
    def __init__(self, offers: OfferReader) -> None:
        self._offers = offers

    async def __call__(self, offer_id: UUID, viewer: UUID) -> Offer:
        offer = await self._offers.get(offer_id)
        if offer is None:
            raise OfferNotFound()
        offer.side_of(viewer)
        return offer


class ListOffers:
    def __init__(self, offers: OfferReader, codec: CursorCodec) -> None:
        self._offers = offers
        self._codec = codec

    async def __call__(
        self, user_id: UUID, role: str | None, status: str | None, cursor: str | None, limit: int
    ) -> Page[Offer]:
        if role not in (None, "buyer", "seller"):
            raise InvalidInput("role is buyer or seller.", field="role")
        if status is not None and status not in {s.value for s in OfferStatus}:
            raise InvalidInput("status is one of " + ", ".join(s.value for s in OfferStatus) + ".", field="status")
        scope = f"offers:{user_id}:{role}:{status}"
        return await page_of(
            self._codec,
            scope,
            cursor,
            limit,
            lambda after, n: self._offers.of_user(user_id, role, status, after, n),
            offer_key,
        )


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


@dataclass(frozen=True, slots=True)
class FeedItem:
    price: Money
    created_at: datetime
    buyer_alias: str


class OfferAliasKey(bytes):
    """The secret behind buyer aliases."""


class RecentOffersFeed:
    """Public: the last 20 offers on a product; a buyer is a stable alias per product."""

    def __init__(self, offers: OfferReader, catalog: CatalogReader, key: OfferAliasKey) -> None:
        self._offers = offers
        self._catalog = catalog
        self._key = key

    async def __call__(self, product_id: UUID) -> list[FeedItem]:
        listing = await self._catalog.listing(product_id)
        if listing is None or listing.product.status is ProductStatus.ARCHIVED:
            raise ProductNotFound()
        offers = await self._offers.recent_on_product(product_id, FEED_SIZE)
        return [FeedItem(o.history[0].price, o.created_at, self.alias(o.buyer_id, product_id)) for o in offers]

    def alias(self, buyer_id: UUID, product_id: UUID) -> str:
        digest = hmac.new(self._key, buyer_id.bytes + product_id.bytes, hashlib.sha256).hexdigest()
        return f"Buyer {digest[:4].upper()}"
