from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.flash_sale_repository import FlashSaleRepository
from souk.domain.streams.flash_sale import FlashSale


class InMemoryFlashSaleRepository(FlashSaleRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, FlashSale] = uow.store.table("flash_sales")

    async def add(self, sale: FlashSale) -> bool:
        if await self.current(sale.stream_id, sale.product_id) is not None:
            return False
        self._uow.before_write()
        self._rows[sale.id] = clone(sale)
        return True

    async def get_for_update(self, flash_sale_id: UUID) -> FlashSale | None:
        found = self._rows.get(flash_sale_id)
        return clone(found) if found else None

    async def save(self, sale: FlashSale) -> None:
        self._uow.before_write()
        self._rows[sale.id] = clone(sale)

    async def current(self, stream_id: UUID, product_id: UUID) -> FlashSale | None:
        for sale in self._rows.values():
            if sale.stream_id == stream_id and sale.product_id == product_id and sale.ended_at is None:
                return clone(sale)
        return None

    async def overdue(self, now: datetime, limit: int) -> list[UUID]:
        due = sorted(
            (s for s in self._rows.values() if s.ended_at is None and s.ends_at <= now), key=lambda s: s.ends_at
        )
        return [s.id for s in due[:limit]]
