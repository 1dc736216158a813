"""Payments and the ledger in SQL: one payment row per sale or tip, append-only ledger
rows, and the provider events applied (the primary key is the exactly-once guard)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from souk.adapters.sql.tables import payment_ledger, payment_provider_events, payments, payout_accounts, transactions
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.payment_repository import Ledger, PaymentRepository
from souk.application.ports.payout_accounts import PayoutAccount, PayoutAccounts
from souk.domain.payments.balance import SellerBalance
from souk.domain.payments.facts import PaymentFacts
from souk.domain.payments.ledger import EntryKind, LedgerEntry
from souk.domain.payments.payment import Payment
from souk.domain.payments.status import OPEN_PAYMENT_STATUSES
from souk.domain.shared.money import Money
from souk.domain.shared.payment_method import PaymentMethod


def payment_row(p: Payment) -> dict[str, Any]:
    return {
        "transaction_id": p.transaction_id,
        "buyer_id": p.buyer_id,
        "seller_id": p.seller_id,
        "method": p.method.value,
        "provider": p.provider,
        "currency": p.currency,
        "price_amount": p.price.amount,
        "fee_amount": p.fee.amount,
        "intent_id": p.intent_id,
        "client_secret": p.client_secret,
        "auto_capture": p.auto_capture,
        "facts": asdict(p.facts),
        "status": p.status.value,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    }


def payment_of(row: Any) -> Payment:
    currency = row["currency"]
    return Payment(
        transaction_id=row["transaction_id"],
        buyer_id=row["buyer_id"],
        seller_id=row["seller_id"],
        method=PaymentMethod(row["method"]),
        price=Money(row["price_amount"], currency),
        fee=Money(row["fee_amount"], currency),
        provider=row["provider"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        intent_id=row["intent_id"],
        client_secret=row["client_secret"],
        auto_capture=row["auto_capture"],
        facts=PaymentFacts(**row["facts"]),
    )


_BY_ID = select(payments).where(payments.c.transaction_id == bindparam("tid"))
_BY_ID_LOCKED = _BY_ID.with_for_update()
# a cart's payments share one intent: the first of them stands for it (the mover moves them all)
_BY_INTENT = (
    select(payments).where(payments.c.intent_id == bindparam("intent_id")).order_by(payments.c.transaction_id).limit(1)
)
_BY_INTENTS = select(payments).where(payments.c.intent_id.in_(bindparam("intent_ids", expanding=True)))
_MANY_LOCKED = (
    select(payments)
    .where(payments.c.transaction_id.in_(bindparam("tids", expanding=True)))
    .order_by(payments.c.transaction_id)
    .with_for_update()
)
_SALE_PRODUCTS = select(transactions.c.id, transactions.c.product_id, transactions.c.checkout_id).where(
    transactions.c.id.in_(bindparam("tids", expanding=True))
)
_SAVE = (
    update(payments)
    .where(payments.c.transaction_id == bindparam("tid"))
    .values({c: bindparam(c) for c in ("provider", "intent_id", "client_secret", "auto_capture", "facts", "status",
                                       "updated_at")})
)  # fmt: skip


_CLAIMS = {
    dialect.dialect.name: dialect.insert(payment_provider_events)
    .on_conflict_do_nothing(index_elements=["provider", "event_id"])
    .returning(payment_provider_events.c.provider, payment_provider_events.c.event_id)
    for dialect in (postgresql, sqlite)
}  # built once: the exactly-once guard runs for every provider event


def _saved(payment: Payment) -> dict[str, Any]:
    """What a payment's life changes (the rest is fixed when it is opened)."""
    return {
        "tid": payment.transaction_id,
        "provider": payment.provider,
        "intent_id": payment.intent_id,
        "client_secret": payment.client_secret,
        "auto_capture": payment.auto_capture,
        "facts": asdict(payment.facts),
        "status": payment.status.value,
        "updated_at": payment.updated_at,
    }


def _ledger_row(seller_id: UUID, e: LedgerEntry) -> dict[str, Any]:
    return {
        "transaction_id": e.transaction_id,
        "seller_id": seller_id,
        "kind": e.kind.value,
        "amount": e.amount,
        "currency": e.currency,
        "event_id": e.event_id,
        "at": e.at,
    }


class SqlPaymentRepository(PaymentRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def add(self, payment: Payment) -> bool:
        conn = await self._uow.connection()
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        statement = (
            dialect.insert(payments)
            .on_conflict_do_nothing(index_elements=["transaction_id"])
            .returning(payments.c.transaction_id)
        )
        return (await conn.execute(statement, payment_row(payment))).first() is not None

    async def get(self, transaction_id: UUID) -> Payment | None:
        return await self._one(_BY_ID, {"tid": transaction_id})

    async def get_for_update(self, transaction_id: UUID) -> Payment | None:
        return await self._one(_BY_ID_LOCKED, {"tid": transaction_id})

    async def by_intent(self, intent_id: str) -> Payment | None:
        return await self._one(_BY_INTENT, {"intent_id": intent_id})

    async def by_intents(self, intent_ids: Sequence[str]) -> list[Payment]:
        return await self._many(_BY_INTENTS, {"intent_ids": list(intent_ids)}) if intent_ids else []

    async def sale_products(self, transaction_ids: Sequence[UUID]) -> dict[UUID, tuple[UUID, UUID | None]]:
        if not transaction_ids:
            return {}
        conn = await self._uow.connection()
        rows = await conn.execute(_SALE_PRODUCTS, {"tids": list(transaction_ids)})
        return {row.id: (row.product_id, row.checkout_id) for row in rows}

    async def get_many_for_update(self, transaction_ids: Sequence[UUID]) -> list[Payment]:
        return await self._many(_MANY_LOCKED, {"tids": sorted(set(transaction_ids))}) if transaction_ids else []

    async def save(self, payment: Payment) -> None:
        await self.save_many([payment])

    async def save_many(self, payments: Sequence[Payment]) -> None:
        if payments:
            conn = await self._uow.connection()
            await conn.execute(_SAVE, [_saved(p) for p in payments])

    async def stuck(self, updated_before: datetime, limit: int) -> list[Payment]:
        conn = await self._uow.connection()
        query = (
            select(payments)
            .where(
                payments.c.method == PaymentMethod.CARD.value,
                payments.c.status.in_([s.value for s in OPEN_PAYMENT_STATUSES]),
                payments.c.updated_at < updated_before,
            )
            .order_by(payments.c.updated_at)
            .limit(limit)
        )
        return [payment_of(r) for r in (await conn.execute(query)).mappings()]

    async def _one(self, query: Any, params: dict[str, Any]) -> Payment | None:
        conn = await self._uow.connection()
        row = (await conn.execute(query, params)).mappings().one_or_none()
        return payment_of(row) if row else None

    async def _many(self, query: Any, params: dict[str, Any]) -> list[Payment]:
        conn = await self._uow.connection()
        return [payment_of(row) for row in (await conn.execute(query, params)).mappings()]


class SqlLedger(Ledger):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def claim(self, provider: str, event_id: str, transaction_id: UUID, now: datetime) -> bool:
        conn = await self._uow.connection()
        statement = _CLAIMS[conn.dialect.name]
        row = {"provider": provider, "event_id": event_id, "transaction_id": transaction_id, "received_at": now}
        return (await conn.execute(statement, row)).first() is not None

    async def claim_many(self, claims: Sequence[tuple[str, str, UUID]], now: datetime) -> set[tuple[str, str]]:
        rows = list(
            {
                (provider, event_id): {
                    "provider": provider,
                    "event_id": event_id,
                    "transaction_id": tid,
                    "received_at": now,
                }
                for provider, event_id, tid in claims
            }.values()
        )  # a repeat within the batch: one row (one statement may not insert a key twice)
        if not rows:
            return set()
        conn = await self._uow.connection()
        # executemany: SQLAlchemy sends one multi-row INSERT, compiled once (not per batch size)
        return {(provider, event_id) for provider, event_id in await conn.execute(_CLAIMS[conn.dialect.name], rows)}

    async def append(self, seller_id: UUID, entries: list[LedgerEntry]) -> None:
        await self.append_many([(seller_id, e) for e in entries])

    async def append_many(self, entries: Sequence[tuple[UUID, LedgerEntry]]) -> None:
        if entries:
            conn = await self._uow.connection()
            await conn.execute(insert(payment_ledger), [_ledger_row(seller, e) for seller, e in entries])

    async def entries_of(self, transaction_id: UUID) -> list[LedgerEntry]:
        conn = await self._uow.connection()
        query = (
            select(payment_ledger)
            .where(payment_ledger.c.transaction_id == transaction_id)
            .order_by(payment_ledger.c.id)
        )
        return [
            LedgerEntry(r["transaction_id"], EntryKind(r["kind"]), r["amount"], r["currency"], r["event_id"], r["at"])
            for r in (await conn.execute(query)).mappings()
        ]

    async def balances_of(self, seller_id: UUID) -> list[SellerBalance]:
        conn = await self._uow.connection()
        query = (
            select(payment_ledger.c.currency, payment_ledger.c.kind, func.sum(payment_ledger.c.amount).label("total"))
            .where(payment_ledger.c.seller_id == seller_id)
            .group_by(payment_ledger.c.currency, payment_ledger.c.kind)
        )
        sums: dict[str, dict[EntryKind, int]] = {}
        for r in (await conn.execute(query)).mappings():
            sums.setdefault(r["currency"], {})[EntryKind(r["kind"])] = int(r["total"])
        return [SellerBalance.of(currency, by_kind) for currency, by_kind in sorted(sums.items())]


class SqlPayoutAccounts(PayoutAccounts):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def get(self, user_id: UUID) -> PayoutAccount | None:
        return await self._one(payout_accounts.c.user_id == user_id)

    async def by_account(self, account_id: str) -> PayoutAccount | None:
        return await self._one(payout_accounts.c.account_id == account_id)

    async def put(self, account: PayoutAccount) -> None:
        conn = await self._uow.connection()
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        row = {
            "user_id": account.user_id,
            "provider": account.provider,
            "account_id": account.account_id,
            "payouts_enabled": account.payouts_enabled,
            "updated_at": account.updated_at,
        }
        statement = dialect.insert(payout_accounts).values(**row)
        statement = statement.on_conflict_do_update(
            index_elements=["user_id"], set_={k: statement.excluded[k] for k in row if k != "user_id"}
        )
        await conn.execute(statement)

    async def _one(self, condition: Any) -> PayoutAccount | None:
        conn = await self._uow.connection()
        row = (await conn.execute(select(payout_accounts).where(condition))).mappings().one_or_none()
        return None if row is None else payout_account_of(row)


def payout_account_of(row: Any, prefix: str = "") -> PayoutAccount | None:
    """The payout account in a row of ``payout_accounts``' columns (named with ``prefix``, as
    when joined to ``users``); ``None`` when an outer join found none."""
    if row[f"{prefix}provider"] is None:
        return None
    return PayoutAccount(
        row[f"{prefix}user_id"],
        row[f"{prefix}provider"],
        row[f"{prefix}account_id"],
        row[f"{prefix}payouts_enabled"],
        row[f"{prefix}updated_at"],
    )
