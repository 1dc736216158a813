from __future__ import annotations

from uuid import UUID

from souk.application.negotiation.offer_moves import OfferSpace
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.negotiation.offer import Offer


class DeclineOffer:
    def __init__(self, uow: UnitOfWork, space: OfferSpace) -> None:
        self._uow = uow
        self._space = space

    async def __call__(self, offer_id: UUID, by: UUID) -> Offer:
        return await self._space.close(self._uow, offer_id, by, Offer.decline)
