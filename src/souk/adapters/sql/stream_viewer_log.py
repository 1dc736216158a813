from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import bindparam, select, update

from souk.adapters.sql.social_sql import upsert_insert
from souk.adapters.sql.tables import stream_viewers
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.stream_viewer_log import StreamViewerLog, VisitEntry
from souk.domain.streams.analytics import ViewerVisit

_ROWS_PER_INSERT = 1000  # 5 parameters a row: well inside PostgreSQL's and SQLite's limits

# One statement, executed for many rows: asyncpg pipelines them, SQLite runs them in one call.
_CLOSE = (
    update(stream_viewers)
    .where(stream_viewers.c.id == bindparam("visit_id"), stream_viewers.c.left_at.is_(None))
    .values(left_at=bindparam("at"))
)


class SqlStreamViewerLog(StreamViewerLog):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def write(self, entries: Sequence[VisitEntry]) -> None:
        joins = [e for e in entries if e.joined_at is not None]
        leaves = [e for e in entries if e.left_at is not None]
        conn = await self._uow.connection()
        for start in range(0, len(joins), _ROWS_PER_INSERT):
            rows = [
                {
                    "id": e.visit_id,
                    "stream_id": e.stream_id,
                    "user_id": e.user_id,
                    "joined_at": e.joined_at,
                    "left_at": e.left_at,
                }
                for e in joins[start : start + _ROWS_PER_INSERT]
            ]
            await conn.execute(upsert_insert(conn, stream_viewers).values(rows).on_conflict_do_nothing())
        if leaves:  # also those just inserted with their leave: a retried batch may meet an open row
            await conn.execute(_CLOSE, [{"visit_id": e.visit_id, "at": e.left_at} for e in leaves])

    async def visits(self, stream_id: UUID) -> list[ViewerVisit]:
        conn = await self._uow.connection()
        query = select(stream_viewers.c.user_id, stream_viewers.c.joined_at, stream_viewers.c.left_at).where(
            stream_viewers.c.stream_id == stream_id
        )
        return [ViewerVisit(r.user_id, r.joined_at, r.left_at) for r in await conn.execute(query)]
