"""The in-memory twins of the payment store and the ledger."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.payment_repository import Ledger, PaymentRepository
from souk.application.ports.payout_accounts import PayoutAccount, PayoutAccounts
from souk.domain.negotiation.transaction import Transaction
from souk.domain.payments.balance import SellerBalance
from souk.domain.payments.ledger import EntryKind, LedgerEntry
from souk.domain.payments.payment import Payment
from souk.domain.payments.status import OPEN_PAYMENT_STATUSES
from souk.domain.shared.payment_method import PaymentMethod


class InMemoryPaymentRepository(PaymentRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, Payment] = uow.store.table("payments")
        self._sales: dict[UUID, Transaction] = uow.store.table("transactions")

    async def add(self, payment: Payment) -> bool:
        if payment.transaction_id in self._rows:
            return False
        self._uow.before_write()
        self._rows[payment.transaction_id] = clone(payment)
        return True

    async def get(self, transaction_id: UUID) -> Payment | None:
        found = self._rows.get(transaction_id)
        return clone(found) if found else None

    async def get_for_update(self, transaction_id: UUID) -> Payment | None:
        return await self.get(transaction_id)

    async def by_intent(self, intent_id: str) -> Payment | None:
        shared = sorted((p for p in self._rows.values() if p.intent_id == intent_id), key=lambda p: p.transaction_id)
        found = shared[0] if shared else None
        return clone(found) if found else None

    async def by_intents(self, intent_ids: Sequence[str]) -> list[Payment]:
        wanted = set(intent_ids)
        return [clone(p) for p in self._rows.values() if p.intent_id in wanted]

    async def sale_products(self, transaction_ids: Sequence[UUID]) -> dict[UUID, tuple[UUID, UUID | None]]:
        return {
            tid: (sale.product_id, sale.checkout_id)
            for tid in transaction_ids
            if tid in self._rows and (sale := self._sales.get(tid)) is not None
        }

    async def get_many_for_update(self, transaction_ids: Sequence[UUID]) -> list[Payment]:
        return [clone(self._rows[tid]) for tid in sorted(set(transaction_ids)) if tid in self._rows]

    async def save(self, payment: Payment) -> None:
        self._uow.before_write()
        self._rows[payment.transaction_id] = clone(payment)

    async def save_many(self, payments: Sequence[Payment]) -> None:
        for payment in payments:
            await self.save(payment)

    async def stuck(self, updated_before: datetime, limit: int) -> list[Payment]:
        found = [
            p
            for p in self._rows.values()
            if p.method is PaymentMethod.CARD and p.status in OPEN_PAYMENT_STATUSES and p.updated_at < updated_before
        ]
        return [clone(p) for p in sorted(found, key=lambda p: p.updated_at)[:limit]]


class InMemoryLedger(Ledger):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._claims: dict[tuple[str, str], UUID] = uow.store.table("payment_provider_events")
        self._entries: dict[int, tuple[UUID, LedgerEntry]] = uow.store.table("payment_ledger")

    async def claim(self, provider: str, event_id: str, transaction_id: UUID, now: datetime) -> bool:
        if (provider, event_id) in self._claims:
            return False
        self._uow.before_write()
        self._claims[(provider, event_id)] = transaction_id
        return True

    async def claim_many(self, claims: Sequence[tuple[str, str, UUID]], now: datetime) -> set[tuple[str, str]]:
        return {
            (provider, event_id) for provider, event_id, tid in claims if await self.claim(provider, event_id, tid, now)
        }

    async def append(self, seller_id: UUID, entries: list[LedgerEntry]) -> None:
        await self.append_many([(seller_id, entry) for entry in entries])

    async def append_many(self, entries: Sequence[tuple[UUID, LedgerEntry]]) -> None:
        if entries:
            self._uow.before_write()
        for seller_id, entry in entries:
            self._entries[len(self._entries)] = (seller_id, entry)

    async def entries_of(self, transaction_id: UUID) -> list[LedgerEntry]:
        rows = [row for _, row in sorted(self._entries.items())]
        return [entry for _, entry in rows if entry.transaction_id == transaction_id]

    async def balances_of(self, seller_id: UUID) -> list[SellerBalance]:
        sums: dict[str, dict[EntryKind, int]] = {}
        for seller, entry in self._entries.values():
            if seller == seller_id:
                by_kind = sums.setdefault(entry.currency, {})
                by_kind[entry.kind] = by_kind.get(entry.kind, 0) + entry.amount
        return [SellerBalance.of(currency, by_kind) for currency, by_kind in sorted(sums.items())]


class InMemoryPayoutAccounts(PayoutAccounts):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, PayoutAccount] = uow.store.table("payout_accounts")

    async def get(self, user_id: UUID) -> PayoutAccount | None:
        return self._rows.get(user_id)

    async def by_account(self, account_id: str) -> PayoutAccount | None:
        return next((a for a in self._rows.values() if a.account_id == account_id), None)

    async def put(self, account: PayoutAccount) -> None:
        self._uow.before_write()
        self._rows[account.user_id] = account
