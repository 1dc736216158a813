from __future__ import annotations

from uuid import UUID

from souk.application.ports.offer_repository import OfferReader
from souk.domain.negotiation.errors import OfferNotFound
from souk.domain.negotiation.offer import Offer


class GetOffer:
    def __init__(self, offers: OfferReader) -> None:
        self._offers = offers

    async def __call__(self, offer_id: UUID, viewer: UUID) -> Offer:
        offer = await self._offers.get(offer_id)
        if offer is None:
            raise OfferNotFound()
        offer.side_of(viewer)
        return offer
