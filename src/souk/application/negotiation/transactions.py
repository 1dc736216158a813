"""Use cases of a sale after acceptance: read, pay, confirm receipt, cancel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.negotiation.offer_moves import TRANSACTION_UPDATED, transaction_payload
from souk.application.negotiation.paging import Page, page_of
from souk.application.ports.clock import Clock
from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.payment_gateway import PaymentGateway
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.profile_counters import ProfileCounters
from souk.application.ports.transaction_repository import TransactionReader, TransactionRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.catalog.product import Product
from souk.domain.negotiation.errors import TransactionNotFound
from souk.domain.negotiation.transaction import Transaction
from souk.domain.shared.events import DomainEvent


class GetTransaction:
    def __init__(self, transactions: TransactionReader) -> None:
        self._transactions = transactions

    async def __call__(self, transaction_id: UUID, viewer: UUID) -> Transaction:
        sale = await self._transactions.get(transaction_id)
        if sale is None:
            raise TransactionNotFound()
        sale.require_party(viewer)
        return sale


class ListTransactions:
    def __init__(self, transactions: TransactionReader, codec: CursorCodec) -> None:
        self._transactions = transactions
        self._codec = codec

    async def __call__(self, user_id: UUID, cursor: str | None, limit: int) -> Page[Transaction]:
        return await page_of(
            self._codec,
            f"transactions:{user_id}",
            cursor,
            limit,
            lambda after, n: self._transactions.of_user(user_id, after, n),
            lambda t: (t.created_at.isoformat(), str(t.id)),
        )


class SaleMover:
    """Loads the sale and its product under lock (product first, as accept does), applies
    one move to both, keeps the seller's counters in step, records the event, commits."""

    def __init__(
        self,
        uow: UnitOfWork,
        transactions: TransactionRepository,
        products: ProductRepository,
        counters: ProfileCounters,
        events: EventRecorder,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._transactions = transactions
        self._products = products
        self._counters = counters
        self._events = events
        self._clock = clock

    async def apply(
        self, transaction_id: UUID, by: UUID, move: Callable[[Transaction, Product, datetime], None]
    ) -> Transaction:
        seen = await GetTransaction(self._transactions)(transaction_id, by)
        product = await self._products.get_for_update(seen.product_id)
        sale = await self._transactions.get_for_update(transaction_id)
        if sale is None or product is None:  # pragma: no cover - never deleted
            raise TransactionNotFound()
        move(sale, product, self._clock.now())
        await self._transactions.save(sale)
        delta = product.counts_delta()
        await self._products.save(product)
        if delta.listings or delta.sold:
            await self._counters.adjust(product.seller_id, listings=delta.listings, sold=delta.sold)
        await self._events.record(DomainEvent(TRANSACTION_UPDATED, transaction_payload(sale)))
        await self._uow.commit()
        await self._events.publish()
        return sale


class PayTransaction:
    """The buyer pays through the payment port (the default records a manual payment)."""

    def __init__(self, mover: SaleMover, transactions: TransactionRepository, payments: PaymentGateway) -> None:
        self._mover = mover
        self._transactions = transactions
        self._payments = payments

    async def __call__(self, transaction_id: UUID, by: UUID) -> Transaction:
        seen = await GetTransaction(self._transactions)(transaction_id, by)
        seen.pay(by, "", seen.updated_at)  # fail fast (wrong side, wrong status) before charging
        reference = await self._payments.charge(seen)
        return await self._mover.apply(transaction_id, by, lambda sale, _p, now: sale.pay(by, reference, now))


class ConfirmReceipt:
    def __init__(self, mover: SaleMover) -> None:
        self._mover = mover

    async def __call__(self, transaction_id: UUID, by: UUID) -> Transaction:
        def move(sale: Transaction, product: Product, now: datetime) -> None:
            sale.confirm_receipt(by, now)
            product.complete_sale(now)

        return await self._mover.apply(transaction_id, by, move)


class CancelTransaction:
    def __init__(self, mover: SaleMover) -> None:
        self._mover = mover

    async def __call__(self, transaction_id: UUID, by: UUID) -> Transaction:
        def move(sale: Transaction, product: Product, now: datetime) -> None:
            sale.cancel(by, now)
            product.cancel_transaction(now)

        return await self._mover.apply(transaction_id, by, move)
