from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from souk.domain.accounts.values import SellerTier
from souk.domain.catalog.product import Product
from souk.domain.negotiation.offer import Offer


@dataclass(frozen=True, slots=True)
class Acceptance:
    """What accepting an offer works on: the offer, its product, and the seller's fee tier
    as they stand in the accepting transaction."""

    offer: Offer
    product: Product
    seller_tier: SellerTier


class Acceptances(Protocol):
    async def lock(self, offer_id: UUID) -> Acceptance | None:
        """One read in the unit of work: the offer with its product and seller, the product
        and offer rows held until the transaction ends (product first, as every move that
        touches both locks them). None: no such offer."""
        ...
