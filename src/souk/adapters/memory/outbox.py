from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from souk.adapters.memory.store import InMemoryStore, clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.outbox import LEASE, Outbox, OutboxEntry, OutboxStore


@dataclass
class _Row:
    entry: OutboxEntry
    published_at: datetime | None = None
    claimed_until: datetime | None = None


class InMemoryOutbox(Outbox):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, _Row] = uow.store.table("outbox")

    async def add(self, entry: OutboxEntry) -> None:
        self._uow.before_write()
        self._rows[entry.id] = _Row(clone(entry))

    async def mark_published(self, ids: Sequence[UUID], at: datetime) -> None:
        self._uow.before_write()
        _mark(self._rows, ids, at)


class InMemoryOutboxStore(OutboxStore):
    def __init__(self, store: InMemoryStore) -> None:
        self._rows: dict[UUID, _Row] = store.table("outbox")
        self._notified: dict[UUID, Any] = store.table("outbox_notified")  # the event feed's marks

    async def claim_unpublished(self, now: datetime, older_than: datetime, limit: int) -> Sequence[OutboxEntry]:
        waiting = sorted(
            (
                r
                for r in self._rows.values()
                if r.published_at is None
                and r.entry.created_at < older_than
                and (r.claimed_until is None or r.claimed_until < now)
            ),
            key=lambda r: (r.entry.created_at, r.entry.id),
        )[:limit]
        for row in waiting:
            row.claimed_until = now + LEASE
        return [row.entry for row in waiting]

    async def mark_published(self, ids: Sequence[UUID], at: datetime) -> None:
        _mark(self._rows, ids, at)

    async def oldest_unpublished(self) -> datetime | None:
        return min((r.entry.created_at for r in self._rows.values() if r.published_at is None), default=None)

    async def published_since(self, since: datetime, topics: Sequence[str], limit: int) -> Sequence[OutboxEntry]:
        wanted = set(topics)
        rows = (
            r
            for r in self._rows.values()
            if r.entry.event is not None
            and r.entry.event.topic in wanted
            and (r.entry.created_at >= since or (r.published_at is not None and r.published_at >= since))
        )
        return [r.entry for r in sorted(rows, key=lambda r: (r.entry.created_at, r.entry.id))[:limit]]

    async def prune(self, before: datetime, limit: int) -> int:
        done = sorted(
            (
                r
                for r in self._rows.values()
                if r.entry.created_at < before
                and r.published_at is not None
                and getattr(self._notified.get(r.entry.id), "consumed_at", None) is not None
            ),
            key=lambda r: (r.entry.created_at, r.entry.id),
        )[:limit]
        for row in done:
            del self._rows[row.entry.id]
            self._notified.pop(row.entry.id, None)
        return len(done)


def _mark(rows: dict[UUID, _Row], ids: Sequence[UUID], at: datetime) -> None:
    for entry_id in ids:
        if entry_id in rows:
            rows[entry_id].published_at = at
