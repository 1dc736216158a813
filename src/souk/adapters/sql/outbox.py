from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.adapters.events.registry import EventRegistry
from souk.adapters.sql.dead_connections import raw_call
from souk.adapters.sql.tables import outbox
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.outbox import LEASE, Outbox, OutboxEntry, OutboxStore

_o = outbox.c
_ENCODE = msgspec.json.Encoder().encode
_MARK_PUBLISHED_PG = "UPDATE outbox SET published_at = $1 WHERE id = ANY($2::uuid[])"
_INSERT_PG = (
    "INSERT INTO outbox (id, topic, payload, created_at)"
    " SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::text[]::json[], $4::timestamptz[])"
)
# claim_leased on PostgreSQL, by (done column, created before $4?): $1 the lease's end, $2 now, $3 the limit
_CLAIM_PG = {
    ("published_at", True): (
        "UPDATE outbox SET claimed_until = $1 WHERE id IN (SELECT id FROM outbox"
        " WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < $2) AND created_at < $4"
        " ORDER BY created_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING id, topic, payload, created_at"
    ),
    ("notified_at", False): (
        "UPDATE outbox SET notify_claimed_until = $1 WHERE id IN (SELECT id FROM outbox"
        " WHERE notified_at IS NULL AND (notify_claimed_until IS NULL OR notify_claimed_until < $2)"
        " ORDER BY created_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING id, topic, payload, created_at"
    ),
}
log = logging.getLogger(__name__)


class PublishedMarks:
    """Marks published outbox entries of one PostgreSQL engine in batches: every request's
    ids of the next ``LINGER_S`` go out in one UPDATE, on a connection of its own, while the
    requests go on (a chat message no longer pays a round trip and a statement of its own
    for it). Marking is bookkeeping: an entry left unmarked (the UPDATE failed, the process
    stopped within the linger) is published again by the sweeper after its grace — the
    outbox's at-least-once, which every consumer already absorbs. 50 ms: at 500 chat
    messages/s one UPDATE per ~25 entries (at 10 ms it was one per ~5, ~0.2 statements per
    message), still a hundredth of the sweeper's grace."""

    LINGER_S = 0.05

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._ids: list[UUID] = []
        self._at: datetime | None = None
        self._task: asyncio.Task[None] | None = None
        self._hurry: asyncio.Event | None = None

    def add(self, ids: Sequence[UUID], at: datetime) -> None:
        self._ids.extend(ids)
        self._at = at if self._at is None or at > self._at else self._at
        if self._task is None:
            self._hurry = asyncio.Event()  # one per batch: an Event belongs to one event loop
            self._task = asyncio.get_running_loop().create_task(self._write_soon(self._hurry), name="outbox-marks")

    async def _write_soon(self, hurry: asyncio.Event) -> None:
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(hurry.wait(), self.LINGER_S)
            while self._ids:
                ids, at = self._ids, self._at
                self._ids, self._at = [], None
                try:
                    await raw_call(self._engine, "execute", _MARK_PUBLISHED_PG, (at, ids))
                except Exception:
                    log.warning("outbox.marks_deferred count=%d", len(ids), exc_info=True)
        finally:
            self._task = self._hurry = None

    async def drain(self) -> None:
        """Write the marks handed in so far now, without their linger, and wait for them
        (a claim of the outbox, shutdown; tests)."""
        while self._task is not None:
            if self._hurry is not None:
                self._hurry.set()
            await asyncio.shield(self._task)


_MARKS: weakref.WeakKeyDictionary[AsyncEngine, PublishedMarks] = weakref.WeakKeyDictionary()


def published_marks(engine: AsyncEngine) -> PublishedMarks:
    """The one batcher of ``engine`` (per process, as the engine is)."""
    marks = _MARKS.get(engine)
    if marks is None:
        marks = _MARKS[engine] = PublishedMarks(engine)
    return marks


async def drain_published_marks(engine: AsyncEngine) -> None:
    """Write the marks of ``engine`` still waiting (before the engine is disposed of)."""
    marks = _MARKS.get(engine)
    if marks is not None:
        await marks.drain()


class SqlOutbox(Outbox):
    """Entries are written in the use case's transaction, all at once just before its commit
    (one statement, not one round trip per event); a rollback drops them. On PostgreSQL the
    statement goes straight to the transaction's asyncpg connection, and entries are marked
    published in batches across requests (:class:`PublishedMarks`)."""

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

    def payload_text(self, entry: OutboxEntry) -> str:
        """The JSON text stored for ``entry`` (for a store that writes the row itself)."""
        assert entry.event is not None
        return _ENCODE(self._registry.to_payload(entry.event)).decode()

    def _discard(self) -> None:
        self._rows = []

    async def _flush(self) -> None:
        rows, self._rows = self._rows, []
        if not rows:
            return
        conn = await self._uow.connection()
        if conn.dialect.name == "postgresql" and conn.in_transaction():
            driver = (await conn.get_raw_connection()).driver_connection
            assert driver is not None
            columns = (
                [r["id"] for r in rows],
                [r["topic"] for r in rows],
                [_ENCODE(r["payload"]).decode() for r in rows],
                [r["created_at"] for r in rows],
            )
            await driver.execute(_INSERT_PG, *columns)
            return
        await conn.execute(insert(outbox), rows)

    async def mark_published(self, ids: Sequence[UUID], at: datetime) -> None:
        """After the commit. PostgreSQL: handed to the engine's batcher (one UPDATE for every
        request's entries of the next few milliseconds, outside any request's transaction);
        SQLite: one statement in the unit of work's transaction, committed by the caller."""
        if self._uow.engine.dialect.name == "postgresql":
            published_marks(self._uow.engine).add(ids, at)
            return
        conn = await self._uow.connection()
        await conn.execute(_mark_published(ids, at))


class SqlOutboxStore(OutboxStore):
    """Claims rows with a lease (``claimed_until``) so concurrent relays split the work;
    on PostgreSQL the candidates are locked with SKIP LOCKED while the lease is written."""

    def __init__(self, engine: AsyncEngine, registry: EventRegistry) -> None:
        self._engine = engine
        self._registry = registry

    async def claim_unpublished(self, now: datetime, older_than: datetime, limit: int) -> Sequence[OutboxEntry]:
        # claim_leased first writes what this process published but has not marked yet
        return await claim_leased(
            self._engine, self._registry, _o.published_at, _o.claimed_until, now, limit, older_than
        )

    async def mark_published(self, ids: Sequence[UUID], at: datetime) -> None:
        if not ids:
            return
        async with self._engine.begin() as conn:
            await conn.execute(_mark_published(ids, at))

    async def oldest_unpublished(self) -> datetime | None:
        """On the partial index of unpublished entries: one index probe."""
        await drain_published_marks(self._engine)
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

    async def prune(self, before: datetime, limit: int) -> int:
        """Oldest first, on ``ix_outbox_created_at``; rows another process is deleting (or
        marking) are skipped, so several processes pruning at once never wait on each other."""
        done = (
            select(_o.id)
            .where(_o.created_at < before, _o.published_at.is_not(None), _o.notified_at.is_not(None))
            .order_by(_o.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        async with self._engine.begin() as conn:
            gone = await conn.execute(delete(outbox).where(_o.id.in_(done.scalar_subquery())))
        return int(gone.rowcount or 0)


async def claim_leased(
    engine: AsyncEngine,
    registry: EventRegistry,
    done: Any,
    lease: Any,
    now: datetime,
    limit: int,
    older_than: datetime | None = None,
) -> Sequence[OutboxEntry]:
    """Lease up to ``limit`` outbox rows not yet ``done`` (oldest first; only those created
    before ``older_than`` when given) for one consumer of the outbox (the relay, the
    notification consumer) so concurrent processes split the work; on PostgreSQL the
    candidates are locked with SKIP LOCKED while the lease is written, and a lease that runs
    out makes its rows claimable again.

    This process's outbox marks still waiting are written first: their UPDATE locks the rows
    it marks, and SKIP LOCKED would pass over a row this very process is marking.

    On PostgreSQL the claim is one statement sent straight to a pooled asyncpg connection,
    outside any transaction block (a single statement is its own transaction, locks and
    all): one round trip where BEGIN, UPDATE, COMMIT were three — the notification consumer
    claims after every chat message it is woken for."""
    await drain_published_marks(engine)
    if engine.dialect.name == "postgresql":
        sql = _CLAIM_PG[done.name, older_than is not None]
        args: tuple[Any, ...] = (now + LEASE, now, limit) + ((older_than,) if older_than is not None else ())
        read = registry.from_payload
        rows = await raw_call(engine, "fetch", sql, args)
        entries = [OutboxEntry(r["id"], read(r["topic"], _json(r["payload"])), r["created_at"]) for r in rows]
    else:
        where = [_o.created_at < older_than] if older_than is not None else []
        candidates = (
            select(_o.id)
            .where(done.is_(None), or_(lease.is_(None), lease < now), *where)
            .order_by(_o.created_at, _o.id)  # ids rise with time: ties in created_at keep their order
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
            found = (await conn.execute(claim)).all()
        entries = [OutboxEntry(r.id, registry.from_payload(r.topic, r.payload), r.created_at) for r in found]
    return sorted(entries, key=lambda e: (e.created_at, e.id))


def _json(payload: Any) -> Any:
    """A ``json`` column as asyncpg hands it over: text, unless a codec decoded it already."""
    return msgspec.json.decode(payload) if isinstance(payload, str | bytes) else payload


def _mark_published(ids: Sequence[UUID], at: datetime) -> Any:
    return update(outbox).where(_o.id.in_(list(ids))).values(published_at=at)
