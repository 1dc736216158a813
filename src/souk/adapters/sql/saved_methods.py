"""Saved payment methods in SQL: one row per setup, the provider's ids and last four digits."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update

from souk.adapters.sql.tables import saved_payment_methods as t
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.saved_methods import SavedMethods
from souk.domain.payments.saved_method import MethodStatus, SavedMethod


def _of(row: Any) -> SavedMethod:
    return SavedMethod(
        id=row["id"],
        user_id=row["user_id"],
        provider=row["provider"],
        setup_id=row["setup_id"],
        customer_id=row["customer_id"],
        status=MethodStatus(row["status"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        method_id=row["method_id"],
        last4=row["last4"],
    )


def _row(m: SavedMethod) -> dict[str, Any]:
    return {
        "id": m.id,
        "user_id": m.user_id,
        "provider": m.provider,
        "setup_id": m.setup_id,
        "customer_id": m.customer_id,
        "status": m.status.value,
        "method_id": m.method_id,
        "last4": m.last4,
        "created_at": m.created_at,
        "updated_at": m.updated_at,
    }


class SqlSavedMethods(SavedMethods):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def add(self, method: SavedMethod) -> None:
        await (await self._uow.connection()).execute(insert(t), _row(method))

    async def save(self, method: SavedMethod) -> None:
        values = {k: v for k, v in _row(method).items() if k in ("status", "method_id", "last4", "updated_at")}
        await (await self._uow.connection()).execute(update(t).where(t.c.id == method.id).values(**values))

    async def of_user(self, user_id: UUID) -> list[SavedMethod]:
        query = select(t).where(t.c.user_id == user_id).order_by(t.c.created_at.desc(), t.c.id.desc())
        return [_of(r) for r in (await (await self._uow.connection()).execute(query)).mappings()]

    async def usable(self, user_id: UUID, provider: str) -> SavedMethod | None:
        query = (
            select(t)
            .where(t.c.user_id == user_id, t.c.provider == provider, t.c.status == MethodStatus.READY.value)
            .order_by(t.c.created_at.desc(), t.c.id.desc())
            .limit(1)
        )
        row = (await (await self._uow.connection()).execute(query)).mappings().one_or_none()
        return _of(row) if row else None
