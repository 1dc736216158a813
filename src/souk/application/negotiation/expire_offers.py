from __future__ import annotations

from souk.application.negotiation.expire_offer import ExpireOffer
from souk.application.ports.offer_repository import OfferRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock


class ExpireOffers:
    """The periodic sweep: expires everything overdue, so a lost job misses nothing."""

    def __init__(self, uow: UnitOfWork, offers: OfferRepository, clock: Clock, expire_one: ExpireOffer) -> None:
        self._uow = uow
        self._offers = offers
        self._clock = clock
        self._expire_one = expire_one

    async def __call__(self, limit: int = 500) -> int:
        overdue = await self._offers.overdue(self._clock.now(), limit)
        await self._uow.rollback()
        expired = 0
        for offer_id in overdue:
            expired += await self._expire_one(offer_id)
        return expired
