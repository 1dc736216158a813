from __future__ import annotations

from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.negotiation.chat import Chat
from souk.application.negotiation.offer_moves import OfferExpiries, announce, locked_offer, visible_offer
from souk.application.ports.offer_repository import OfferRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.idempotency import Idempotency, fingerprint
from souk.domain.negotiation.events import OfferUpdated
from souk.domain.negotiation.offer import Offer
from souk.domain.shared.money import Money


class CounterOffer:
    def __init__(
        self,
        uow: UnitOfWork,
        offers: OfferRepository,
        chat: Chat,
        events: EventRecorder,
        expiries: OfferExpiries,
        idempotency: Idempotency,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._offers = offers
        self._chat = chat
        self._events = events
        self._expiries = expiries
        self._idempotency = idempotency
        self._clock = clock

    async def __call__(self, offer_id: UUID, by: UUID, price: Money, idempotency_key: str | None = None) -> Offer:
        now = self._clock.now()
        await visible_offer(self._offers, offer_id, by)
        print_ = fingerprint("counter", offer_id, price.amount, price.currency)
        if await self._idempotency.replay(by, idempotency_key, print_, now) is not None:
            await self._uow.rollback()
            return await visible_offer(self._offers, offer_id, by)
        offer = await locked_offer(self._offers, offer_id)
        offer.counter(price, by, now)
        await self._offers.save(offer)
        await announce(self._chat, self._events, offer, OfferUpdated, by)
        await self._idempotency.remember(by, idempotency_key, {"offer_id": str(offer.id)})
        await self._uow.commit()
        await self._events.publish()
        await self._expiries.schedule(offer)
        return offer
