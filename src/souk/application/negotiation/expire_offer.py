from __future__ import annotations

from uuid import UUID

from souk.application.negotiation.offer_moves import OfferSpace
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.negotiation.events import OfferUpdated


class ExpireOffer:
    """The job run at an offer's expiry. Idempotent and safe on several workers: the offer
    is re-read under lock and changes only if still open and overdue (a conditional update)."""

    def __init__(self, uow: UnitOfWork, space: OfferSpace) -> None:
        self._uow = uow
        self._space = space

    async def __call__(self, offer_id: UUID) -> bool:
        space, now = self._space, self._space.clock.now()
        offer = await space.offers.get_for_update(offer_id)
        if offer is None or not offer.expire(now):
            await self._uow.rollback()
            return False
        await space.offers.save(offer)
        await space.announce(offer, OfferUpdated, None)
        await self._uow.commit()
        await space.events.publish()
        return True
