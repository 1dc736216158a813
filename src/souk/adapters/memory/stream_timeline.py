"""The in-memory twin of the stream timeline."""

from __future__ import annotations

from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.stream_timeline import StreamTimeline
from souk.domain.streams.timeline import TimelineEntry


class InMemoryStreamTimeline(StreamTimeline):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[int, TimelineEntry] = uow.store.table("stream_timeline")

    async def append(self, entry: TimelineEntry) -> None:
        self._uow.before_write()
        self._rows[max(self._rows, default=0) + 1] = clone(entry)

    async def entries(self, stream_id: UUID) -> list[TimelineEntry]:
        mine = [(entry.at, seq, entry) for seq, entry in self._rows.items() if entry.stream_id == stream_id]
        return [clone(entry) for _, _, entry in sorted(mine, key=lambda row: (row[0], row[1]))]
