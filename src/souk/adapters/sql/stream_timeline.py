"""The stream timeline in SQL: one row per entry; the serial id keeps the order of equal times."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import insert, select

from souk.adapters.sql.tables import stream_timeline
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.stream_timeline import StreamTimeline
from souk.domain.streams.timeline import TimelineEntry, TimelineKind


def _entry_of(row: Any) -> TimelineEntry:
    return TimelineEntry(
        stream_id=row["stream_id"],
        at=row["at"],
        kind=TimelineKind(row["kind"]),
        product_id=row["product_id"],
        data=dict(row["data"]),
    )


class SqlStreamTimeline(StreamTimeline):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def append(self, entry: TimelineEntry) -> None:
        conn = await self._uow.connection()
        row = {
            "stream_id": entry.stream_id,
            "at": entry.at,
            "kind": entry.kind.value,
            "product_id": entry.product_id,
            "data": dict(entry.data),
        }
        await conn.execute(insert(stream_timeline), row)

    async def entries(self, stream_id: UUID) -> list[TimelineEntry]:
        conn = await self._uow.connection()
        query = (
            select(stream_timeline)
            .where(stream_timeline.c.stream_id == stream_id)
            .order_by(stream_timeline.c.at, stream_timeline.c.id)
        )
        return [_entry_of(row) for row in (await conn.execute(query)).mappings()]
