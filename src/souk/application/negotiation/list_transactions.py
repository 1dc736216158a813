from __future__ import annotations

from uuid import UUID

from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.transaction_repository import TransactionReader
from souk.application.shared.paging import Page, page_of
from souk.domain.negotiation.transaction import Transaction


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
