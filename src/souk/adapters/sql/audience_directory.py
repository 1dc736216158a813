from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from souk.adapters.sql.read_session import SqlSession
from souk.adapters.sql.tables import follows, users
from souk.application.ports.audience_directory import AudienceDirectory
from souk.domain.shared.geo import GeoPoint


class SqlAudienceDirectory(AudienceDirectory):
    def __init__(self, uow: SqlSession) -> None:
        self._uow = uow

    async def follows(self, follower_id: UUID, followee_id: UUID) -> bool:
        conn = await self._uow.connection()
        query = select(follows.c.follower_id).where(
            follows.c.follower_id == follower_id, follows.c.followee_id == followee_id
        )
        return (await conn.execute(query)).first() is not None

    async def home_of(self, user_id: UUID) -> GeoPoint | None:
        conn = await self._uow.connection()
        row = (await conn.execute(select(users.c.home_lat, users.c.home_lng).where(users.c.id == user_id))).first()
        if row is None or row.home_lat is None or row.home_lng is None:
            return None
        return GeoPoint(row.home_lat, row.home_lng)
