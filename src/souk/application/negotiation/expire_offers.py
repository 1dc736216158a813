from __future__ import annotations

from souk.application.negotiation.expire_offer import ExpireOffer
from souk.application.negotiation.offer_moves import OfferSpace
from souk.application.ports.unit_of_work import UnitOfWork


class ExpireOffers:
    """The periodic sweep: expires everything overdue, so a lost job misses nothing."""

    def __init__(self, uow: UnitOfWork, space: OfferSpace, expire_one: ExpireOffer) -> None:
        self._uow = uow
        self._space = space
        self._expire_one = expire_one

    async def __call__(self, limit: int = 500) -> int:
        overdue = await self._space.offers.overdue(self._space.clock.now(), limit)
        await self._uow.rollback()
        expired = 0
        for offer_id in overdue:
            expired += await self._expire_one(offer_id)
        return expired
