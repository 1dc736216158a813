from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.adapters.events.registry import EventRegistry
from souk.adapters.sql.tables import outbox
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.outbox import LEASE, Outbox, OutboxEntry, OutboxStore

_o = outbox.c
_MARK_PUBLISHED_PG = "UPDATE outbox SET published_at = $1 WHERE id = ANY($2::uuid[])"


class SqlOutbox(Outbox):
    """Entries are written in the use case's transaction, all at once just before its commit
    (one statement, not one round trip per event); a rollback drops them."""

    def __init__(self, uow: SqlUnitOfWork, registry: EventRegistry) -> None:
        self._uow = uow
        self._registry = registry
        self._rows: list[dict[str, Any]] = []

    async def add(self, entry: OutboxEntry) -> None:
        event = entry.event
        assert event is not None
        payload = self._registry.to_payload(event)
        self._rows.append({"id": entry.id, "topic": event.topic, "payload": payload, "created_at": entry.created_at})
        self._uow.before_commit(self._flush, self._discard)

    def _discard(self) -> None:
        self._rows = []

    async def _flush(self) -> None:
        rows, self._rows = self._rows, []
        if rows:
            conn = await self._uow.connection()
            await conn.execute(insert(outbox), rows)

    async def mark_published(self, ids: Sequence[UUID], at: datetime) -> None:
        """After the commit, one statement on its own: on PostgreSQL it goes straight to
        asyncpg outside any transaction (autocommit), without a BEGIN and a COMMIT round trip
        around it, and leaves the unit of work's connection as it was."""
        conn = await self._uow.connection()
        if conn.dialect.name == "postgresql" and not conn.in_transaction():
            driver = (await conn.get_raw_connection()).driver_connection
            assert driver is not None
            await driver.execute(_MARK_PUBLISHED_PG, at, list(ids))
            return
        await conn.execute(_mark_published(ids, at))


class SqlOutboxStore(OutboxStore):
    """Claims rows with a lease (``claimed_until``) so concurrent relays split the work;
    on PostgreSQL the candidates are locked with SKIP LOCKED while the lease is written."""

    def __init__(self, engine: AsyncEngine, registry: EventRegistry) -> None:
        self._engine = engine
        self._registry = registry

    async def claim_unpublished(self, now: datetime, older_than: datetime, limit: int) -> Sequence[OutboxEntry]:
        return await claim_leased(
            self._engine, self._registry, _o.published_at, _o.claimed_until, now, limit, _o.created_at < older_than
        )

    async def mark_published(self, ids: Sequence[UUID], at: datetime) -> None:
        if not ids:
            return
        async with self._engine.begin() as conn:
            await conn.execute(_mark_published(ids, at))

    async def oldest_unpublished(self) -> datetime | None:
        """On the partial index of unpublished entries: one index probe."""
        async with self._engine.connect() as conn:
            oldest: datetime | None = (
                await conn.execute(select(func.min(_o.created_at)).where(_o.published_at.is_(None)))
            ).scalar()
        return oldest

    async def published_since(self, since: datetime, topics: Sequence[str], limit: int) -> Sequence[OutboxEntry]:
        """Run only when a subscription comes back after a lapse (a Redis restart), once per
        subscription: a scan of the recent outbox is affordable at that rate."""
        query = (
            select(_o.id, _o.topic, _o.payload, _o.created_at)
            .where(_o.topic.in_(list(topics)), or_(_o.created_at >= since, _o.published_at >= since))
            .order_by(_o.created_at, _o.id)
            .limit(limit)
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        read = self._registry.from_payload
        return [OutboxEntry(row.id, read(row.topic, row.payload), row.created_at) for row in rows]


async def claim_leased(
    engine: AsyncEngine,
    registry: EventRegistry,
    done: Any,
    lease: Any,
    now: datetime,
    limit: int,
    *where: Any,
) -> Sequence[OutboxEntry]:
    """Lease up to ``limit`` outbox rows not yet ``done`` (oldest first) for one consumer of
    the outbox (the relay, the notification consumer) so concurrent processes split the
    work; on PostgreSQL the candidates are locked with SKIP LOCKED while the lease is
    written, and a lease that runs out makes its rows claimable again."""
    candidates = (
        select(_o.id)
        .where(done.is_(None), or_(lease.is_(None), lease < now), *where)
        .order_by(_o.created_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claim = (
        update(outbox)
        .where(_o.id.in_(candidates.scalar_subquery()))
        .values({lease: now + LEASE})
        .returning(_o.id, _o.topic, _o.payload, _o.created_at)
    )
    async with engine.begin() as conn:
        rows = (await conn.execute(claim)).all()
    entries = (OutboxEntry(row.id, registry.from_payload(row.topic, row.payload), row.created_at) for row in rows)
    return sorted(entries, key=lambda e: (e.created_at, e.id))


def _mark_published(ids: Sequence[UUID], at: datetime) -> Any:
    return update(outbox).where(_o.id.in_(list(ids))).values(published_at=at)
