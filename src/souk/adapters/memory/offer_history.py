from __future__ import annotations

from uuid import UUID

from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.offer_history import OfferHistory
from souk.domain.negotiation.offer import Offer


class InMemoryOfferHistory(OfferHistory):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._offers: dict[UUID, Offer] = uow.store.table("offers")

    async def has_offers(self, product_id: UUID) -> bool:
        return any(offer.product_id == product_id for offer in self._offers.values())
