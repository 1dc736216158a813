from __future__ import annotations

from uuid import UUID

from souk.application.ports.transaction_repository import TransactionReader
from souk.domain.negotiation.errors import TransactionNotFound
from souk.domain.negotiation.transaction import Transaction


class GetTransaction:
    def __init__(self, transactions: TransactionReader) -> None:
        self._transactions = transactions

    async def __call__(self, transaction_id: UUID, viewer: UUID) -> Transaction:
        sale = await self._transactions.get(transaction_id)
        if sale is None:
            raise TransactionNotFound()
        sale.require_party(viewer)
        return sale
