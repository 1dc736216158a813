from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.negotiation.offer_moves import (
    OFFER_ACCEPTED,
    OFFER_UPDATED,
    PRODUCT_RESERVED,
    OfferSpace,
    transaction_payload,
)
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.product_reservations import ProductReservations
from souk.application.ports.transaction_repository import TransactionRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_reader import UserReader
from souk.application.shared.idempotency import Idempotency, fingerprint
from souk.application.shared.ids import new_id
from souk.domain.catalog.product import ProductStatus
from souk.domain.fees.policy import FeePolicy
from souk.domain.negotiation.errors import OfferNotFound, ProductNotAvailable, TransactionNotFound
from souk.domain.negotiation.offer import Offer
from souk.domain.negotiation.transaction import Transaction
from souk.domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True)
class Accepted:
    offer: Offer
    transaction: Transaction


class AcceptOffer:
    """One database transaction: the offer accepted, the product reserved (a conditional
    update), every other open offer on it declined with a system message, the sale opened
    with its fee (a partial unique index allows one open sale per product), events recorded."""

    def __init__(
        self,
        uow: UnitOfWork,
        space: OfferSpace,
        products: ProductRepository,
        reservations: ProductReservations,
        transactions: TransactionRepository,
        users: UserReader,
        fees: FeePolicy,
        idempotency: Idempotency,
    ) -> None:
        self._uow = uow
        self._space = space
        self._products = products
        self._reservations = reservations
        self._transactions = transactions
        self._users = users
        self._fees = fees
        self._idempotency = idempotency

    async def __call__(self, offer_id: UUID, by: UUID, idempotency_key: str | None = None) -> Accepted:
        space, now = self._space, self._space.clock.now()
        seen = await space.visible(offer_id, by)
        earlier = await self._idempotency.replay(by, idempotency_key, fingerprint("accept", offer_id), now)
        if earlier is not None:
            await self._uow.rollback()
            return await self._replay(offer_id, UUID(earlier["transaction_id"]), by)
        product = await self._products.get_for_update(seen.product_id)
        offer = await space.locked(offer_id)
        if product is None:  # pragma: no cover - products are archived, never deleted
            raise OfferNotFound()
        offer.accept(by, now)
        if product.status is not ProductStatus.AVAILABLE:
            raise ProductNotAvailable()
        product.reserve(offer.id, now)
        if not await self._reservations.reserve(product):
            raise ProductNotAvailable()
        await space.offers.save(offer)
        seller = await self._users.get(offer.seller_id)
        tier = seller.seller_tier.value if seller else "free"
        quote = self._fees.quote(offer.price, tier, product.feed_type.value)
        sale = Transaction.open(new_id(), offer.id, product.id, offer.buyer_id, offer.seller_id, quote, now)
        await self._transactions.add(sale)
        await space.announce(offer, OFFER_ACCEPTED, by)
        for other in await space.offers.open_on_product(product.id):
            if other.id == offer.id:
                continue
            other.decline_for_another_sale(now)
            await space.offers.save(other)
            await space.announce(other, OFFER_UPDATED, None)
        await space.events.record(
            DomainEvent(PRODUCT_RESERVED, {"product_id": str(product.id), "offer_id": str(offer.id)})
        )
        await space.events.record(DomainEvent("transaction.opened", transaction_payload(sale)))
        result = {"offer_id": str(offer.id), "transaction_id": str(sale.id)}
        await self._idempotency.remember(by, idempotency_key, result)
        await self._uow.commit()
        await space.events.publish()
        return Accepted(offer, sale)

    async def _replay(self, offer_id: UUID, transaction_id: UUID, by: UUID) -> Accepted:
        offer = await self._space.visible(offer_id, by)
        sale = await self._transactions.get(transaction_id)
        if sale is None:  # pragma: no cover - written with the key
            raise TransactionNotFound()
        return Accepted(offer, sale)
