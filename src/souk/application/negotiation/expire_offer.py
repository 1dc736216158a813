from __future__ import annotations

from uuid import UUID

from souk.application.negotiation.offer_moves import OfferMove, announce
from souk.domain.negotiation.events import OfferUpdated


class ExpireOffer(OfferMove):
    """The job run at an offer's expiry. Idempotent and safe on several workers: the offer
    is re-read under lock and changes only if still open and overdue (a conditional update)."""

    async def __call__(self, offer_id: UUID) -> bool:
        offer = await self._offers.get_for_update(offer_id)
        if offer is None or not offer.expire(self._clock.now()):
            await self._uow.rollback()
            return False
        await self._offers.save(offer)
        await announce(self._chat, self._events, offer, OfferUpdated, None)
        await self._uow.commit()
        await self._events.publish()
        return True
