from __future__ import annotations

from uuid import UUID

from souk.application.negotiation.offer_moves import OFFER_UPDATED, OfferSpace
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.negotiation.offer import Offer


class DeclineOffer:
    def __init__(self, uow: UnitOfWork, space: OfferSpace) -> None:
        self._uow = uow
        self._space = space

    async def __call__(self, offer_id: UUID, by: UUID) -> Offer:
        space, now = self._space, self._space.clock.now()
        await space.visible(offer_id, by)
        offer = await space.locked(offer_id)
        offer.decline(by, now)
        await space.offers.save(offer)
        await space.announce(offer, OFFER_UPDATED, by)
        await self._uow.commit()
        await space.events.publish()
        return offer
