from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.adapters.sql.tables import outbox
from souk.application.ports.event_feed import EventFeed
from souk.application.ports.outbox import LEASE, OutboxEntry
from souk.domain.shared.events import DomainEvent

_o = outbox.c


class SqlEventFeed(EventFeed):
    """The outbox read by the notification consumer: ``notified_at`` marks an event
    consumed, ``notify_claimed_until`` leases it (candidates locked with SKIP LOCKED on
    PostgreSQL while the lease is written, so parallel consumers take different events)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def claim(self, now: datetime, limit: int) -> Sequence[OutboxEntry]:
        candidates = (
            select(_o.id)
            .where(
                _o.notified_at.is_(None),
                or_(_o.notify_claimed_until.is_(None), _o.notify_claimed_until < now),
            )
            .order_by(_o.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        claim = (
            update(outbox)
            .where(_o.id.in_(candidates.scalar_subquery()))
            .values(notify_claimed_until=now + LEASE)
            .returning(_o.id, _o.topic, _o.payload, _o.created_at)
        )
        async with self._engine.begin() as conn:
            rows = (await conn.execute(claim)).all()
        return sorted((_entry(row) for row in rows), key=lambda e: (e.created_at, e.id))

    async def consumed(self, ids: Sequence[UUID], at: datetime) -> None:
        if not ids:
            return
        async with self._engine.begin() as conn:
            await conn.execute(update(outbox).where(_o.id.in_(list(ids))).values(notified_at=at))


def _entry(row: Any) -> OutboxEntry:
    return OutboxEntry(row.id, DomainEvent(row.topic, dict(row.payload)), row.created_at)
