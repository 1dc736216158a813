from __future__ import annotations

from uuid import UUID

from sqlalchemy import select, update

from souk.adapters.sql.negotiation_rows import before_key, insert_unless_clash, transaction_of, transaction_row
from souk.adapters.sql.read_session import SqlSession
from souk.adapters.sql.tables import OPEN_OFFER_SALE, transactions
from souk.application.ports.transaction_repository import TransactionRepository
from souk.application.shared.cursors import SortKey
from souk.domain.negotiation.errors import ProductNotAvailable
from souk.domain.negotiation.transaction import Transaction


class SqlTransactionRepository(TransactionRepository):
    def __init__(self, uow: SqlSession) -> None:
        self._uow = uow

    async def add(self, transaction: Transaction) -> None:
        conn = await self._uow.connection()
        # uq_transactions_open_product: the product is already being sold
        row = transaction_row(transaction)
        if not await insert_unless_clash(conn, transactions, row, ("product_id",), OPEN_OFFER_SALE):
            raise ProductNotAvailable()

    async def get(self, transaction_id: UUID) -> Transaction | None:
        return await self._one(transaction_id, lock=False)

    async def get_for_update(self, transaction_id: UUID) -> Transaction | None:
        return await self._one(transaction_id, lock=True)

    async def save(self, transaction: Transaction) -> None:
        conn = await self._uow.connection()
        row = {k: v for k, v in transaction_row(transaction).items() if k != "id"}
        await conn.execute(update(transactions).where(transactions.c.id == transaction.id).values(**row))

    async def of_user(self, user_id: UUID, after: SortKey | None, limit: int) -> list[Transaction]:
        conn = await self._uow.connection()
        query = select(transactions).where((transactions.c.buyer_id == user_id) | (transactions.c.seller_id == user_id))
        condition = before_key(transactions.c.created_at, transactions.c.id, after)
        if condition is not None:
            query = query.where(condition)
        query = query.order_by(transactions.c.created_at.desc(), transactions.c.id.desc()).limit(limit)
        return [transaction_of(r) for r in (await conn.execute(query)).mappings()]

    async def _one(self, transaction_id: UUID, *, lock: bool) -> Transaction | None:
        conn = await self._uow.connection()
        query = select(transactions).where(transactions.c.id == transaction_id)
        if lock:
            query = query.with_for_update()
        row = (await conn.execute(query)).mappings().one_or_none()
        return transaction_of(row) if row else None
