from __future__ import annotations

from uuid import UUID

from sqlalchemy import insert, select

from souk.adapters.sql.negotiation_rows import insert_unless_clash, transaction_of, transaction_row
from souk.adapters.sql.read_session import SqlSession
from souk.adapters.sql.tables import ROOM_SALE_SOURCE, transactions
from souk.application.ports.room_sales import RoomSales
from souk.domain.negotiation.transaction import SaleSource, Transaction


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

    async def by_source(self, source: SaleSource, source_id: UUID) -> Transaction | None:
        conn = await self._uow.connection()
        query = select(transactions).where(transactions.c.source == source.value, transactions.c.source_id == source_id)
        row = (await conn.execute(query)).mappings().one_or_none()
        return transaction_of(row) if row else None
