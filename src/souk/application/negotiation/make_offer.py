from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.negotiation.offer_moves import OfferSpace
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.idempotency import Idempotency, fingerprint
from souk.application.shared.ids import new_id
from souk.domain.catalog.errors import ProductNotFound
from souk.domain.catalog.product import ProductStatus
from souk.domain.negotiation.conversation import MessageDraft
from souk.domain.negotiation.events import OfferMade
from souk.domain.negotiation.offer import Offer
from souk.domain.shared.money import Money


@dataclass(frozen=True, slots=True)
class MakeOfferCommand:
    buyer_id: UUID
    product_id: UUID
    price: Money
    message: str | None = None
    idempotency_key: str | None = None


class MakeOffer:
    def __init__(
        self, uow: UnitOfWork, products: ProductRepository, space: OfferSpace, idempotency: Idempotency
    ) -> None:
        self._uow = uow
        self._products = products
        self._space = space
        self._idempotency = idempotency

    async def __call__(self, command: MakeOfferCommand) -> Offer:
        space, now = self._space, self._space.clock.now()
        print_ = fingerprint("offer", command.product_id, command.price.amount, command.price.currency, command.message)
        earlier = await self._idempotency.replay(command.buyer_id, command.idempotency_key, print_, now)
        if earlier is not None:
            await self._uow.rollback()
            return await space.visible(UUID(earlier["offer_id"]), command.buyer_id)
        product = await self._products.get_for_update(command.product_id)
        if product is None or (product.status is ProductStatus.ARCHIVED and product.seller_id != command.buyer_id):
            raise ProductNotFound()
        await space.chat.ensure_apart(command.buyer_id, product.seller_id)
        offer = Offer.make(new_id(), product, command.buyer_id, command.price, new_id(), now)
        conversation = await space.chat.between(command.buyer_id, product.seller_id, product.id, now)
        offer.conversation_id = conversation.id
        await space.offers.add(offer)
        await space.announce(offer, OfferMade, command.buyer_id)
        if command.message and command.message.strip():
            await space.chat.post(
                conversation, command.buyer_id, MessageDraft.from_user("text", command.message, ()), now
            )
        await self._idempotency.remember(command.buyer_id, command.idempotency_key, {"offer_id": str(offer.id)})
        await self._uow.commit()
        await space.events.publish()
        await space.schedule_expiry(offer)
        return offer
