"""Tips in SQL: one row per tip; ``captured_at`` set once (the update's guard)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, select, update

from souk.adapters.sql.tables import stream_tips
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.tip_repository import TipRepository
from souk.domain.payments.tip import Tip, TipTotal
from souk.domain.shared.money import Money


def _tip_of(row: Any) -> Tip:
    currency = row["currency"]
    return Tip(
        id=row["id"],
        stream_id=row["stream_id"],
        tipper_id=row["tipper_id"],
        seller_id=row["seller_id"],
        amount=Money(row["amount"], currency),
        fee=Money(row["fee_amount"], currency),
        created_at=row["created_at"],
        captured_at=row["captured_at"],
    )


class SqlTipRepository(TipRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def add(self, tip: Tip) -> None:
        conn = await self._uow.connection()
        row = {
            "id": tip.id,
            "stream_id": tip.stream_id,
            "tipper_id": tip.tipper_id,
            "seller_id": tip.seller_id,
            "currency": tip.amount.currency,
            "amount": tip.amount.amount,
            "fee_amount": tip.fee.amount,
            "created_at": tip.created_at,
            "captured_at": tip.captured_at,
        }
        await conn.execute(insert(stream_tips), row)

    async def get(self, tip_id: UUID) -> Tip | None:
        conn = await self._uow.connection()
        row = (await conn.execute(select(stream_tips).where(stream_tips.c.id == tip_id))).mappings().one_or_none()
        return _tip_of(row) if row else None

    async def mark_captured(self, tip_id: UUID, at: datetime) -> Tip | None:
        conn = await self._uow.connection()
        statement = (
            update(stream_tips)
            .where(stream_tips.c.id == tip_id, stream_tips.c.captured_at.is_(None))
            .values(captured_at=at)
            .returning(*stream_tips.c)
        )
        row = (await conn.execute(statement)).mappings().one_or_none()
        return _tip_of(row) if row else None

    async def totals(self, stream_id: UUID) -> list[TipTotal]:
        conn = await self._uow.connection()
        query = (
            select(stream_tips.c.currency, func.count().label("n"), func.sum(stream_tips.c.amount).label("total"))
            .where(stream_tips.c.stream_id == stream_id, stream_tips.c.captured_at.is_not(None))
            .group_by(stream_tips.c.currency)
            .order_by(stream_tips.c.currency)
        )
        return [TipTotal(r["currency"], int(r["n"]), int(r["total"])) for r in (await conn.execute(query)).mappings()]
