from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.profile_counters import ProfileCounters
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.catalog.errors import ProductNotFound
from souk.domain.catalog.product import Product


class StatusChanger:
    """Loads a product under lock, applies one status move, keeps the seller's counters in
    step in the same transaction, and commits."""

    def __init__(self, uow: UnitOfWork, products: ProductRepository, counters: ProfileCounters, clock: Clock) -> None:
        self._uow = uow
        self._products = products
        self._counters = counters
        self._clock = clock

    async def apply(self, product_id: UUID, move: Callable[[Product, datetime], None]) -> Product:
        product = await self._products.get_for_update(product_id)
        if product is None:
            raise ProductNotFound()
        move(product, self._clock.now())
        delta = product.counts_delta()
        await self._products.save(product)
        if delta.listings or delta.sold:
            await self._counters.adjust(product.seller_id, listings=delta.listings, sold=delta.sold)
        await self._uow.commit()
        return product
