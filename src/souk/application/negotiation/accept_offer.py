from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.negotiation.chat import Chat
from souk.application.negotiation.offer_moves import (
    announce,
)
from souk.application.ports.acceptances import Acceptances
from souk.application.ports.offer_repository import OfferRepository
from souk.application.ports.product_reservations import ProductReservations
from souk.application.ports.sale_follow_up import SaleFollowUp
from souk.application.ports.transaction_repository import TransactionRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.idempotency import Idempotency, fingerprint
from souk.application.shared.ids import new_id
from souk.domain.fees.policy import FeePolicy
from souk.domain.negotiation.errors import OfferNotFound, ProductNotAvailable, TransactionNotFound
from souk.domain.negotiation.events import (
    OfferAccepted,
    OfferUpdated,
    ProductReserved,
    TransactionOpened,
)
from souk.domain.negotiation.offer import Offer
from souk.domain.negotiation.transaction import Transaction


@dataclass(frozen=True, slots=True)
class Accepted:
    offer: Offer
    transaction: Transaction


class AcceptOffer:
    """One database transaction: one locked read of the offer, its product and the seller's
    fee tier; the offer accepted and the product reserved (the rule in the domain, the
    store's conditional update as the guard against a concurrent sale); every other open
    offer on it declined with a system message; the sale opened with its fee (a partial
    unique index allows one open sale per product); its payment where that needs no remote
    call; events recorded, published after commit; then the sale's follow-up (a remote
    provider's card intent), which never raises."""

    def __init__(
        self,
        uow: UnitOfWork,
        acceptances: Acceptances,
        offers: OfferRepository,
        reservations: ProductReservations,
        transactions: TransactionRepository,
        chat: Chat,
        events: EventRecorder,
        fees: FeePolicy,
        idempotency: Idempotency,
        clock: Clock,
        follow_up: SaleFollowUp,
    ) -> None:
        self._follow_up = follow_up
        self._uow = uow
        self._acceptances = acceptances
        self._offers = offers
        self._reservations = reservations
        self._transactions = transactions
        self._chat = chat
        self._events = events
        self._fees = fees
        self._idempotency = idempotency
        self._clock = clock

    async def __call__(self, offer_id: UUID, by: UUID, idempotency_key: str | None = None) -> Accepted:
        now = self._clock.now()
        earlier = await self._idempotency.replay(by, idempotency_key, fingerprint("accept", offer_id), now)
        if earlier is not None:
            await self._uow.rollback()
            return await self._replay(offer_id, UUID(earlier["transaction_id"]), by)
        held = await self._acceptances.lock(offer_id)
        if held is None:
            raise OfferNotFound()
        offer, product = held.offer, held.product
        offer.accept_reserving(product, by, now)
        if not await self._reservations.reserve(product):
            raise ProductNotAvailable()
        await self._offers.save(offer)
        quote = self._fees.quote(offer.price, held.seller_tier, product.feed_type)
        sale = Transaction.open(
            new_id(), offer.id, product.id, offer.buyer_id, offer.seller_id, quote, now, offer.payment_method
        )
        await self._transactions.add(sale)
        await announce(self._chat, self._events, offer, OfferAccepted, by)
        for other in await self._offers.open_on_product(product.id):
            if other.id == offer.id:
                continue
            other.decline_for_another_sale(now)
            await self._offers.save(other)
            await announce(self._chat, self._events, other, OfferUpdated, None)
        await self._events.record(ProductReserved(product.id, offer.id))
        await self._events.record(TransactionOpened.of(sale))
        await self._idempotency.remember(
            by, idempotency_key, {"offer_id": str(offer.id), "transaction_id": str(sale.id)}
        )
        await self._follow_up.with_sale(sale)  # its payment, where no remote call is needed
        await self._uow.commit()
        await self._events.publish()
        await self._follow_up.opened(sale)  # after the commit (a remote provider's intent); never raises
        return Accepted(offer, sale)

    async def _replay(self, offer_id: UUID, transaction_id: UUID, by: UUID) -> Accepted:
        offer = await self._offers.get(offer_id)
        if offer is None:  # pragma: no cover - offers are never deleted
            raise OfferNotFound()
        offer.side_of(by)
        sale = await self._transactions.get(transaction_id)
        if sale is None:  # pragma: no cover - written with the key
            raise TransactionNotFound()
        return Accepted(offer, sale)
