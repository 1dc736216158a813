from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.payments.balance import SellerBalance
from souk.domain.payments.ledger import LedgerEntry
from souk.domain.payments.payment import Payment


class PaymentRepository(Protocol):
    async def add(self, payment: Payment) -> bool:
        """``False`` when the transaction already has a payment (a concurrent open won)."""
        ...

    async def get(self, transaction_id: UUID) -> Payment | None: ...

    async def get_for_update(self, transaction_id: UUID) -> Payment | None: ...

    async def by_intent(self, intent_id: str) -> Payment | None: ...

    async def save(self, payment: Payment) -> None: ...

    async def stuck(self, updated_before: datetime, limit: int) -> list[Payment]:
        """Card payments still pending or authorized, untouched since ``updated_before``."""
        ...


class Ledger(Protocol):
    async def claim(self, provider: str, event_id: str, transaction_id: UUID, now: datetime) -> bool:
        """Record the event as applied; ``False`` when it already was (by any process)."""
        ...

    async def append(self, seller_id: UUID, entries: list[LedgerEntry]) -> None: ...

    async def entries_of(self, transaction_id: UUID) -> list[LedgerEntry]: ...

    async def balances_of(self, seller_id: UUID) -> list[SellerBalance]: ...
