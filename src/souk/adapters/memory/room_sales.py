"""In-memory twins of the live-room sale ports: the same rules as the SQL store (the
conditional stock update, the unique ``(source, source_id)``)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.room_sales import RoomSales
from souk.application.ports.room_stock import RoomStock
from souk.domain.catalog.errors import SoldOut
from souk.domain.catalog.product import Product
from souk.domain.negotiation.transaction import SaleSource, Transaction


class InMemoryRoomStock(RoomStock):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._products: dict[UUID, Product] = uow.store.table("products")

    async def take(self, product_id: UUID, quantity: int, now: datetime) -> int | None:
        stored = self._products.get(product_id)
        if stored is None:
            return None
        taken = clone(stored)
        try:
            taken.take_units(quantity, now)
        except SoldOut:
            return None
        self._uow.before_write()
        stored.quantity, stored.status, stored.updated_at = taken.quantity, taken.status, taken.updated_at
        return stored.quantity


class InMemoryRoomSales(RoomSales):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, Transaction] = uow.store.table("transactions")

    async def add(self, sale: Transaction) -> bool:
        if sale.source_id is not None and await self.by_source(sale.source, sale.source_id) is not None:
            return False
        self._uow.before_write()
        self._rows[sale.id] = clone(sale)
        return True

    async def by_source(self, source: SaleSource, source_id: UUID) -> Transaction | None:
        for sale in self._rows.values():
            if sale.source is source and sale.source_id == source_id:
                return clone(sale)
        return None
