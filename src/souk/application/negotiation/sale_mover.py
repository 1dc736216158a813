from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.negotiation.get_transaction import GetTransaction
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.profile_counters import ProfileCounters
from souk.application.ports.transaction_repository import TransactionRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.catalog.product import Product
from souk.domain.negotiation.errors import TransactionNotFound
from souk.domain.negotiation.events import TransactionUpdated
from souk.domain.negotiation.transaction import Transaction


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
        await self._events.record(TransactionUpdated.of(sale))
        await self._uow.commit()
        await self._events.publish()
        return sale
