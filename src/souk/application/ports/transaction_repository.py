from __future__ import annotations

from typing import Protocol
from uuid import UUID

from souk.application.shared.cursors import SortKey
from souk.domain.negotiation.transaction import Transaction


class TransactionReader(Protocol):
    """Queries that need no transaction (served by the read engine in SQL deployments)."""

    async def get(self, transaction_id: UUID) -> Transaction | None: ...

    async def of_user(self, user_id: UUID, after: SortKey | None, limit: int) -> list[Transaction]:
        """As buyer or seller, newest first by (created_at, id)."""
        ...


class TransactionRepository(TransactionReader, Protocol):
    async def add(self, transaction: Transaction) -> None:
        """Raises ProductNotAvailable when the product already has an open transaction
        (enforced by the store itself, not by a prior read)."""
        ...

    async def get_for_update(self, transaction_id: UUID) -> Transaction | None: ...

    async def save(self, transaction: Transaction) -> None: ...
