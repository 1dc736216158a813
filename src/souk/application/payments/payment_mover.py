from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.payments.tip_settlement import TipSettlement
from souk.application.ports.payment_repository import Ledger, PaymentRepository
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.profile_counters import ProfileCounters
from souk.application.ports.room_sales import RoomSales
from souk.application.ports.transaction_repository import TransactionRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.catalog.product import Product, ProductStatus
from souk.domain.negotiation.events import TransactionUpdated
from souk.domain.negotiation.transaction import RELEASING_STATUSES, Transaction, TransactionStatus
from souk.domain.payments.errors import PaymentNotFound
from souk.domain.payments.events import PaymentUpdated
from souk.domain.payments.facts import ProviderEvent, ProviderEventKind
from souk.domain.payments.ledger import LedgerEntry
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

# What the provider says of a cart's one intent is true of each of its sales.
WHOLE_INTENT = frozenset(
    {
        ProviderEventKind.AUTHORIZED,
        ProviderEventKind.CAPTURED,
        ProviderEventKind.CANCELLED,
        ProviderEventKind.EXPIRED,
        ProviderEventKind.FAILED,
    }
)


@dataclass(frozen=True, slots=True)
class SaleMoved:
    """A sale after its payment moved, as committed."""

    sale: Transaction
    payment: Payment
    movements: list[LedgerEntry]


@dataclass(frozen=True, slots=True)
class _Moved:
    payments: dict[UUID, Payment]
    sales: dict[UUID, tuple[Transaction, Product]]
    movements: list[LedgerEntry]


Fact = tuple[UUID, str, ProviderEvent]  # a provider's event about one payment: (transaction id, provider, event)
Facts = dict[UUID, list[tuple[str, ProviderEvent]]]  # by payment (its sale's transaction id)
SaleRefs = dict[UUID, tuple[UUID, UUID | None]]  # a payment's sale: its product, its cart (checkout)


class PaymentMover:
    """One database transaction per batch of provider facts (one payment's, or a batch of
    webhooks' about many): each sale's product and the sale locked (products first, in
    one order, as accept does), then the payments (in the order of their ids, so that
    concurrent batches never deadlock); each event claimed by its provider id (applied
    once, whichever process or retry gets there first) — all claims in one statement; the
    ledger entries they produce appended in one statement; the sale follows the payment's
    status and the product follows the sale (sold on capture, available again on cancel
    or expiry; a room sale's units come back instead); a tip is marked captured and
    announced to its stream's room; events recorded, committed, published.

    A cart's sales share one intent: what happens to the intent (authorised, captured,
    cancelled, expired) happens to each of its sales, under an event id of its own
    (exactly once each); a refund or a dispute is the named sale's own."""

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
        room_sales: RoomSales,
    ) -> None:
        self._room_sales = room_sales
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
        moved = await self._move({transaction_id: [(provider, event) for event in facts]}, every=True)
        return moved.payments[transaction_id]

    async def apply_to_sale(self, sale: Transaction, provider: str, facts: list[ProviderEvent]) -> SaleMoved:
        """``apply`` for a sale the caller has just read (a party's payment step): its
        product is known (not read again), and the sale as committed comes back with its
        payment and the ledger's entries, read in the same transaction — all a view of
        the sale needs, without reading it all again after the commit."""
        moved = await self._move(
            {sale.id: [(provider, event) for event in facts]},
            every=True,
            refs={sale.id: (sale.product_id, sale.checkout_id)},
            view=sale.id,
        )
        followed = moved.sales.get(sale.id)
        return SaleMoved(followed[0] if followed else sale, moved.payments[sale.id], moved.movements)

    async def apply_many(self, facts: Sequence[Fact]) -> dict[UUID, Payment]:
        """Facts about many payments in one database transaction (a batch of webhooks);
        a payment that does not exist is skipped. Whatever fails is rolled back whole."""
        by_payment: Facts = {}
        for transaction_id, provider, event in facts:
            by_payment.setdefault(transaction_id, []).append((provider, event))
        try:
            return (await self._move(by_payment, every=False)).payments
        except BaseException:
            await self._uow.rollback()
            raise

    async def _move(
        self,
        by_payment: Facts,
        *,
        every: bool,
        refs: SaleRefs | None = None,
        view: UUID | None = None,
    ) -> _Moved:
        if refs is None:
            refs = await self._payments.sale_products(sorted(by_payment))
        by_payment, refs = await self._with_carts(by_payment, refs)
        ids = sorted(by_payment)
        sales = await self._lock_sales(refs)  # none for a tip
        payments = await self._payments.get_many_for_update(ids)
        if every and len(payments) < len(ids):
            raise PaymentNotFound()
        now = self._clock.now()
        claims = [
            (p, e.event_id, payment.transaction_id)
            for payment in payments
            for p, e in by_payment[payment.transaction_id]
        ]
        claimed = await self._ledger.claim_many(claims, now)
        entries: list[tuple[UUID, LedgerEntry]] = []
        changed: list[Payment] = []
        for payment in payments:
            before, moved = payment.status, False
            for provider, event in by_payment[payment.transaction_id]:
                if (provider, event.event_id) not in claimed:
                    continue
                claimed.discard((provider, event.event_id))  # a repeat in the same batch: once
                entries.extend((payment.seller_id, entry) for entry in payment.apply(event))
                moved = True
            if moved:
                changed.append(payment)
            sale_and_product = sales.get(payment.transaction_id)
            if payment.status is not before:
                await self._events.record(PaymentUpdated.of(payment))
                if payment.auto_capture and sale_and_product is None and payment.status is PaymentStatus.COMPLETED:
                    await self._tips.captured(payment.transaction_id, now)  # a tip: told once, when captured
            if sale_and_product is not None and sale_and_product[0].follow_payment(payment.status.value, now):
                await self._follow(*sale_and_product, now)
        await self._ledger.append_many(entries)
        await self._payments.save_many(changed)
        movements = await self._ledger.entries_of(view) if view else []
        await self._uow.commit()
        await self._events.publish()
        return _Moved({payment.transaction_id: payment for payment in payments}, sales, movements)

    async def _with_carts(self, by_payment: Facts, refs: SaleRefs) -> tuple[Facts, SaleRefs]:
        """Facts about a cart's intent spread over the cart's sales (read only when a sale
        named is in a cart: most are not)."""
        carts = {checkout for _, checkout in refs.values() if checkout is not None}
        if not carts:
            return by_payment, refs
        in_cart = {tid for tid, (_, checkout) in refs.items() if checkout is not None}
        spread: Facts = {tid: facts for tid, facts in by_payment.items() if tid not in in_cart}
        out: SaleRefs = {tid: ref for tid, ref in refs.items() if tid not in in_cart}
        for checkout in sorted(carts):
            named = {tid: by_payment[tid] for tid in in_cart if refs[tid][1] == checkout and tid in by_payment}
            for sale in await self._room_sales.in_checkout(checkout):
                out[sale.id] = (sale.product_id, checkout)
                mine = spread.setdefault(sale.id, [])
                for tid, facts in named.items():
                    mine.extend(
                        (provider, replace(e, event_id=f"{e.event_id}:{sale.id}"))
                        for provider, e in facts
                        if e.kind in WHOLE_INTENT or sale.id == tid
                    )
        return spread, out

    async def _lock_sales(self, refs: SaleRefs) -> dict[UUID, tuple[Transaction, Product]]:
        locked: dict[UUID, tuple[Transaction, Product]] = {}
        for transaction_id, (product_id, _) in sorted(refs.items(), key=_by_product):
            product = await self._products.get_for_update(product_id)
            sale = await self._transactions.get_for_update(transaction_id)
            if product is not None and sale is not None:
                locked[transaction_id] = (sale, product)
        return locked

    async def _follow(self, sale: Transaction, product: Product, now: datetime) -> None:
        status, given_back = product.status, False
        if sale.from_room:  # units of the stock, not a reservation: they come back
            if sale.status in RELEASING_STATUSES:
                given_back = await self._give_back(sale, product, now)
        elif status is ProductStatus.RESERVED and sale.status in CAPTURED:
            product.complete_sale(now)
        elif status is ProductStatus.RESERVED and sale.status in RELEASING_STATUSES:
            product.cancel_transaction(now)
        await self._transactions.save(sale)
        if product.status is not status or given_back:  # an authorisation leaves the product reserved: nothing to write
            delta = product.counts_delta()
            await self._products.save(product)
            if delta.listings or delta.sold:
                await self._counters.adjust(product.seller_id, listings=delta.listings, sold=delta.sold)
        await self._events.record(TransactionUpdated.of(sale))

    async def _give_back(self, sale: Transaction, product: Product, now: datetime) -> bool:
        assert sale.stream_id is not None
        product.give_back_units(sale.quantity, now)
        await self._events.record(StreamStockChanged(sale.stream_id, product.id, product.quantity, -sale.quantity))
        return True


def _by_product(ref: tuple[UUID, tuple[UUID, UUID | None]]) -> tuple[UUID, UUID]:
    transaction_id, (product_id, _) = ref
    return product_id, transaction_id
