from __future__ import annotations

from uuid import UUID

from souk.application.negotiation.offer_moves import OfferSpace
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.idempotency import Idempotency, fingerprint
from souk.domain.negotiation.events import OfferUpdated
from souk.domain.negotiation.offer import Offer
from souk.domain.shared.money import Money


class CounterOffer:
    def __init__(self, uow: UnitOfWork, space: OfferSpace, idempotency: Idempotency) -> None:
        self._uow = uow
        self._space = space
        self._idempotency = idempotency

    async def __call__(self, offer_id: UUID, by: UUID, price: Money, idempotency_key: str | None = None) -> Offer:
        space, now = self._space, self._space.clock.now()
        await space.visible(offer_id, by)
        print_ = fingerprint("counter", offer_id, price.amount, price.currency)
        if await self._idempotency.replay(by, idempotency_key, print_, now) is not None:
            await self._uow.rollback()
            return await space.visible(offer_id, by)
        offer = await space.locked(offer_id)
        offer.counter(price, by, now)
        await space.offers.save(offer)
        await space.announce(offer, OfferUpdated, by)
        await self._idempotency.remember(by, idempotency_key, {"offer_id": str(offer.id)})
        await self._uow.commit()
        await space.events.publish()
        await space.schedule_expiry(offer)
        return offer
