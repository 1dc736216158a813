from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from souk.adapters.memory.store import InMemoryStore
from souk.application.ports.event_feed import EventFeed
from souk.application.ports.outbox import LEASE, OutboxEntry


@dataclass
class _Mark:
    claimed_until: datetime | None = None
    consumed_at: datetime | None = None


class InMemoryEventFeed(EventFeed):
    """Reads the in-memory outbox; consumption marks are kept beside it."""

    def __init__(self, store: InMemoryStore) -> None:
        self._outbox: dict[UUID, Any] = store.table("outbox")
        self._marks: dict[UUID, _Mark] = store.table("outbox_notified")

    async def claim(self, now: datetime, limit: int) -> Sequence[OutboxEntry]:
        waiting: list[OutboxEntry] = []
        for row in sorted(self._outbox.values(), key=lambda r: (r.entry.created_at, r.entry.id)):
            mark = self._marks.setdefault(row.entry.id, _Mark())
            if mark.consumed_at is None and (mark.claimed_until is None or mark.claimed_until < now):
                waiting.append(row.entry)
            if len(waiting) == limit:
                break
        for entry in waiting:
            self._marks[entry.id].claimed_until = now + LEASE
        return waiting

    async def get(self, event_id: UUID) -> OutboxEntry | None:
        row = self._outbox.get(event_id)
        return row.entry if row is not None else None

    async def consumed(self, ids: Sequence[UUID], at: datetime) -> None:
        for entry_id in ids:
            self._marks.setdefault(entry_id, _Mark()).consumed_at = at
