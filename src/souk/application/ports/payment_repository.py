from __future__ import annotations

from collections.abc import Sequence
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

    async def by_intents(self, intent_ids: Sequence[str]) -> list[Payment]:
        """The payments of those intents that Souk knows (one read for a batch of webhooks)."""
        ...

    async def sale_products(self, transaction_ids: Sequence[UUID]) -> dict[UUID, tuple[UUID, UUID | None]]:
        """The product and the cart (``checkout_id``, or ``None``) of each payment's sale; a
        payment without a sale (a tip) is absent."""
        ...

    async def get_many_for_update(self, transaction_ids: Sequence[UUID]) -> list[Payment]:
        """Those payments, locked in the order of their transaction ids (concurrent batches
        lock in one order: no deadlock between them)."""
        ...

    async def save(self, payment: Payment) -> None: ...

    async def save_many(self, payments: Sequence[Payment]) -> None: ...

    async def stuck(self, updated_before: datetime, limit: int) -> list[Payment]:
        """Card payments still pending or authorized, untouched since ``updated_before``."""
        ...


class Ledger(Protocol):
    async def claim(self, provider: str, event_id: str, transaction_id: UUID, now: datetime) -> bool:
        """Record the event as applied; ``False`` when it already was (by any process)."""
        ...

    async def claim_many(self, claims: Sequence[tuple[str, str, UUID]], now: datetime) -> set[tuple[str, str]]:
        """``claim`` for many ``(provider, event_id, transaction_id)`` at once: the
        ``(provider, event_id)`` pairs this call claimed (a repeat within ``claims`` once)."""
        ...

    async def append(self, seller_id: UUID, entries: list[LedgerEntry]) -> None: ...

    async def append_many(self, entries: Sequence[tuple[UUID, LedgerEntry]]) -> None:
        """``(seller_id, entry)`` pairs, in order."""
        ...

    async def entries_of(self, transaction_id: UUID) -> list[LedgerEntry]: ...

    async def balances_of(self, seller_id: UUID) -> list[SellerBalance]: ...
