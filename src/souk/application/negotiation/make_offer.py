from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.negotiation.chat import Chat
from souk.application.negotiation.offer_moves import OfferExpiries, announce, visible_offer
from souk.application.ports.offer_repository import OfferRepository
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.idempotency import Idempotency, fingerprint
from souk.application.shared.ids import Ids
from souk.domain.catalog.errors import ProductNotFound
from souk.domain.catalog.product import ProductStatus
from souk.domain.negotiation.conversation import MessageDraft
from souk.domain.negotiation.events import OfferMade
from souk.domain.negotiation.offer import Offer
from souk.domain.shared.money import Money
from souk.domain.shared.payment_method import PaymentMethod


@dataclass(frozen=True, slots=True)
class MakeOfferCommand:
    buyer_id: UUID
    product_id: UUID
    price: Money
    message: str | None = None
    idempotency_key: str | None = None
    payment_method: PaymentMethod = PaymentMethod.CARD


class MakeOffer:
    def __init__(
        self,
        uow: UnitOfWork,
        products: ProductRepository,
        offers: OfferRepository,
        chat: Chat,
        events: EventRecorder,
        expiries: OfferExpiries,
        idempotency: Idempotency,
        clock: Clock,
        ids: Ids,
    ) -> None:
        self._uow = uow
        self._products = products
        self._offers = offers
        self._chat = chat
        self._events = events
        self._expiries = expiries
        self._idempotency = idempotency
        self._clock = clock
        self._ids = ids

    async def __call__(self, command: MakeOfferCommand) -> Offer:
        now = self._clock.now()
        print_ = fingerprint(
            "offer",
            command.product_id,
            command.price.amount,
            command.price.currency,
            command.message,
            command.payment_method.value,
        )
        earlier = await self._idempotency.replay(command.buyer_id, command.idempotency_key, print_, now)
        if earlier is not None:
            await self._uow.rollback()
            return await visible_offer(self._offers, UUID(earlier["offer_id"]), command.buyer_id)
        product = await self._products.get_for_update(command.product_id)
        if product is None or (product.status is ProductStatus.ARCHIVED and product.seller_id != command.buyer_id):
            raise ProductNotFound()
        await self._chat.ensure_apart(command.buyer_id, product.seller_id)
        offer = Offer.make(
            self._ids.new(), product, command.buyer_id, command.price, self._ids.new(), now, command.payment_method
        )
        conversation = await self._chat.between(command.buyer_id, product.seller_id, product.id, now)
        offer.conversation_id = conversation.id
        await self._offers.add(offer)
        await announce(self._chat, self._events, offer, OfferMade, command.buyer_id)
        if command.message and command.message.strip():
            await self._chat.post(
                conversation, command.buyer_id, MessageDraft.from_user("text", command.message, ()), now
            )
        await self._idempotency.remember(command.buyer_id, command.idempotency_key, {"offer_id": str(offer.id)})
        await self._uow.commit()
        await self._events.publish()
        await self._expiries.schedule(offer)
        return offer
