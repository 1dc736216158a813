from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import insert, select, update

from souk.adapters.sql.tables import stream_viewers
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.stream_viewer_log import StreamViewerLog
from souk.domain.streams.analytics import ViewerVisit


class SqlStreamViewerLog(StreamViewerLog):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def joined(self, visit_id: UUID, stream_id: UUID, user_id: UUID, at: datetime) -> None:
        conn = await self._uow.connection()
        await conn.execute(
            insert(stream_viewers).values(id=visit_id, stream_id=stream_id, user_id=user_id, joined_at=at)
        )

    async def left(self, visit_id: UUID, at: datetime) -> None:
        conn = await self._uow.connection()
        await conn.execute(
            update(stream_viewers)
            .where(stream_viewers.c.id == visit_id, stream_viewers.c.left_at.is_(None))
            .values(left_at=at)
        )

    async def visits(self, stream_id: UUID) -> list[ViewerVisit]:
        conn = await self._uow.connection()
        query = select(stream_viewers.c.user_id, stream_viewers.c.joined_at, stream_viewers.c.left_at).where(
            stream_viewers.c.stream_id == stream_id
        )
        return [ViewerVisit(r.user_id, r.joined_at, r.left_at) for r in await conn.execute(query)]
