from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.payments.tip_settlement import TipSettlement
from souk.application.ports.payment_repository import Ledger, PaymentRepository
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.profile_counters import ProfileCounters
from souk.application.ports.transaction_repository import TransactionRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.catalog.product import Product, ProductStatus
from souk.domain.negotiation.events import TransactionUpdated
from souk.domain.negotiation.transaction import RELEASING_STATUSES, Transaction, TransactionStatus
from souk.domain.payments.errors import PaymentNotFound
from souk.domain.payments.events import PaymentUpdated
from souk.domain.payments.facts import ProviderEvent
from souk.domain.payments.payment import Payment
from souk.domain.payments.status import PaymentStatus
from souk.domain.streams.sale_events import StreamStockChanged

CAPTURED = frozenset(
    {
        TransactionStatus.COMPLETED,
        TransactionStatus.REFUNDED,
        TransactionStatus.PARTIALLY_REFUNDED,
        TransactionStatus.DISPUTED,
    }
)


class PaymentMover:
    """One database transaction per batch of provider facts: the sale's product, the sale
    and the payment locked (product first, as accept does); each event claimed by its
    provider id (applied once, whichever process or retry gets there first); the ledger
    entries it produces appended; the sale follows the payment's status and the product
    follows the sale (sold on capture, available again on cancel or expiry); a tip is
    marked captured and announced to its stream's room; events recorded, committed,
    published."""

    def __init__(
        self,
        uow: UnitOfWork,
        payments: PaymentRepository,
        ledger: Ledger,
        transactions: TransactionRepository,
        products: ProductRepository,
        counters: ProfileCounters,
        events: EventRecorder,
        clock: Clock,
        tips: TipSettlement,
    ) -> None:
        self._tips = tips
        self._uow = uow
        self._payments = payments
        self._ledger = ledger
        self._transactions = transactions
        self._products = products
        self._counters = counters
        self._events = events
        self._clock = clock

    async def apply(self, transaction_id: UUID, provider: str, facts: list[ProviderEvent]) -> Payment:
        seen = await self._transactions.get(transaction_id)  # None: a tip (no product)
        product = await self._products.get_for_update(seen.product_id) if seen else None
        sale = await self._transactions.get_for_update(transaction_id) if seen else None
        payment = await self._payments.get_for_update(transaction_id)
        if payment is None:
            raise PaymentNotFound()
        now = self._clock.now()
        before, changed = payment.status, False
        for event in facts:
            if not await self._ledger.claim(provider, event.event_id, transaction_id, now):
                continue
            await self._ledger.append(payment.seller_id, payment.apply(event))
            changed = True
        if changed:
            await self._payments.save(payment)
        if payment.status is not before:
            await self._events.record(PaymentUpdated.of(payment))
            if seen is None and payment.status is PaymentStatus.COMPLETED:
                await self._tips.captured(transaction_id, now)  # a tip: told once, when captured
        if sale is not None and product is not None and sale.follow_payment(payment.status.value, now):
            await self._follow(sale, product, now)
        await self._uow.commit()
        await self._events.publish()
        return payment

    async def _follow(self, sale: Transaction, product: Product, now: datetime) -> None:
        if sale.from_room:  # units of the stock, not a reservation: they come back
            if sale.status in RELEASING_STATUSES:
                await self._give_back(sale, product, now)
        elif product.status is ProductStatus.RESERVED and sale.status in CAPTURED:
            product.complete_sale(now)
        elif product.status is ProductStatus.RESERVED and sale.status in RELEASING_STATUSES:
            product.cancel_transaction(now)
        await self._transactions.save(sale)
        delta = product.counts_delta()
        await self._products.save(product)
        if delta.listings or delta.sold:
            await self._counters.adjust(product.seller_id, listings=delta.listings, sold=delta.sold)
        await self._events.record(TransactionUpdated.of(sale))

    async def _give_back(self, sale: Transaction, product: Product, now: datetime) -> None:
        assert sale.stream_id is not None
        product.give_back_units(sale.quantity, now)
        await self._events.record(StreamStockChanged(sale.stream_id, product.id, product.quantity, -sale.quantity))
