from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select, update

from souk.adapters.sql.negotiation_rows import insert_unless_clash
from souk.adapters.sql.tables import RUNNING_FLASH_SALE, flash_sales
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.flash_sale_repository import FlashSaleRepository
from souk.domain.shared.money import Money
from souk.domain.streams.flash_sale import FlashSale


class SqlFlashSaleRepository(FlashSaleRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def add(self, sale: FlashSale) -> bool:
        conn = await self._uow.connection()
        # uq_flash_sales_running: the product already has one not ended in this stream
        return await insert_unless_clash(conn, flash_sales, _row(sale), ("stream_id", "product_id"), RUNNING_FLASH_SALE)

    async def get_for_update(self, flash_sale_id: UUID) -> FlashSale | None:
        conn = await self._uow.connection()
        query = select(flash_sales).where(flash_sales.c.id == flash_sale_id).with_for_update()
        row = (await conn.execute(query)).mappings().one_or_none()
        return _sale(row) if row else None

    async def save(self, sale: FlashSale) -> None:
        conn = await self._uow.connection()
        row = {k: v for k, v in _row(sale).items() if k != "id"}
        await conn.execute(update(flash_sales).where(flash_sales.c.id == sale.id).values(**row))

    async def current(self, stream_id: UUID, product_id: UUID) -> FlashSale | None:
        conn = await self._uow.connection()
        query = select(flash_sales).where(
            flash_sales.c.stream_id == stream_id,
            flash_sales.c.product_id == product_id,
            flash_sales.c.ended_at.is_(None),
        )
        row = (await conn.execute(query)).mappings().one_or_none()
        return _sale(row) if row else None

    async def overdue(self, now: datetime, limit: int) -> list[UUID]:
        conn = await self._uow.connection()
        query = (
            select(flash_sales.c.id)
            .where(flash_sales.c.ended_at.is_(None), flash_sales.c.ends_at <= now)
            .order_by(flash_sales.c.ends_at)
            .limit(limit)
        )
        return list((await conn.execute(query)).scalars())


def _row(sale: FlashSale) -> dict[str, Any]:
    return {
        "id": sale.id,
        "stream_id": sale.stream_id,
        "product_id": sale.product_id,
        "seller_id": sale.seller_id,
        "currency": sale.price.currency,
        "price_amount": sale.price.amount,
        "started_at": sale.started_at,
        "ends_at": sale.ends_at,
        "ended_at": sale.ended_at,
    }


def _sale(row: Any) -> FlashSale:
    return FlashSale(
        id=row["id"],
        stream_id=row["stream_id"],
        product_id=row["product_id"],
        seller_id=row["seller_id"],
        price=Money(row["price_amount"], row["currency"]),
        started_at=row["started_at"],
        ends_at=row["ends_at"],
        ended_at=row["ended_at"],
    )
