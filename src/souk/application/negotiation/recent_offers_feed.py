from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from souk.application.ports.catalog_reader import CatalogReader
from souk.application.ports.offer_repository import OfferReader
from souk.application.shared.visibility import Visibility
from souk.domain.catalog.errors import ProductNotFound
from souk.domain.catalog.product import ProductStatus
from souk.domain.shared.money import Money

FEED_SIZE = 20


@dataclass(frozen=True, slots=True)
class FeedItem:
    price: Money
    created_at: datetime
    buyer_alias: str


class OfferAliasKey(bytes):
    """The secret behind buyer aliases."""


class RecentOffersFeed:
    """Public: the last 20 offers on a product; a buyer is a stable alias per product."""

    def __init__(self, offers: OfferReader, catalog: CatalogReader, key: OfferAliasKey, visibility: Visibility) -> None:
        self._offers = offers
        self._catalog = catalog
        self._key = key
        self._visibility = visibility

    async def __call__(self, product_id: UUID, viewer: UUID | None = None) -> list[FeedItem]:
        """To a viewer the seller blocked (or who blocked them), or of a suspended seller: a
        404; offers of buyers the viewer is apart from are left out."""
        listing = await self._catalog.listing(product_id)
        if listing is None or listing.product.status is ProductStatus.ARCHIVED:
            raise ProductNotFound()
        hidden = await self._visibility.hidden_from(viewer)
        if listing.product.seller_id in hidden:
            raise ProductNotFound()
        offers = await self._offers.recent_on_product(product_id, FEED_SIZE)
        offers = [o for o in offers if o.buyer_id not in hidden] if hidden else offers
        return [FeedItem(o.history[0].price, o.created_at, self.alias(o.buyer_id, product_id)) for o in offers]

    def alias(self, buyer_id: UUID, product_id: UUID) -> str:
        return buyer_alias(self._key, buyer_id, product_id)


def buyer_alias(key: OfferAliasKey, buyer_id: UUID, product_id: UUID) -> str:
    """A buyer's stable public name on one product's feed (never their id or name)."""
    digest = hmac.new(key, buyer_id.bytes + product_id.bytes, hashlib.sha256).hexdigest()
    return f"Buyer {digest[:4].upper()}"
