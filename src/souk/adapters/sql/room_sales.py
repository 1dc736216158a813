from __future__ import annotations

from uuid import UUID

from sqlalchemy import case, func, insert, select

from souk.adapters.sql.negotiation_rows import insert_unless_clash, transaction_of, transaction_row
from souk.adapters.sql.read_session import SqlSession
from souk.adapters.sql.tables import ROOM_SALE_SOURCE, transactions
from souk.application.ports.room_sales import RoomSales
from souk.domain.negotiation.transaction import RELEASING_STATUSES, SaleSource, Transaction
from souk.domain.streams.room_sale import RoomSaleFigures


class SqlRoomSales(RoomSales):
    def __init__(self, uow: SqlSession) -> None:
        self._uow = uow

    async def add(self, sale: Transaction) -> bool:
        conn = await self._uow.connection()
        row = transaction_row(sale)
        if sale.source_id is None:  # buy-now: nothing to clash with
            await conn.execute(insert(transactions), row)
            return True
        # uq_transactions_source_source_id: the auction or giveaway already has its sale
        return await insert_unless_clash(conn, transactions, row, ("source", "source_id"), ROOM_SALE_SOURCE)

    async def figures(self, stream_id: UUID) -> dict[UUID, RoomSaleFigures]:
        conn = await self._uow.connection()
        t = transactions.c
        buy_now = func.sum(case((t.source == SaleSource.BUY_NOW.value, 1), else_=0))
        query = (
            select(
                t.product_id,
                t.currency,
                func.sum(t.quantity).label("units"),
                func.sum(t.price_amount).label("revenue"),
                buy_now.label("buy_now"),
            )
            .where(t.stream_id == stream_id, t.status.not_in([s.value for s in RELEASING_STATUSES]))
            .group_by(t.product_id, t.currency)
        )
        rows = (await conn.execute(query)).mappings()
        return {
            r["product_id"]: RoomSaleFigures(int(r["units"]), int(r["revenue"]), r["currency"], int(r["buy_now"]))
            for r in rows
        }

    async def in_checkout(self, checkout_id: UUID) -> list[Transaction]:
        conn = await self._uow.connection()
        query = (
            select(transactions).where(transactions.c.checkout_id == checkout_id).order_by(transactions.c.product_id)
        )
        return [transaction_of(r) for r in (await conn.execute(query)).mappings()]

    async def by_source(self, source: SaleSource, source_id: UUID) -> Transaction | None:
        conn = await self._uow.connection()
        query = select(transactions).where(transactions.c.source == source.value, transactions.c.source_id == source_id)
        row = (await conn.execute(query)).mappings().one_or_none()
        return transaction_of(row) if row else None
