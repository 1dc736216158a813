from __future__ import annotations

from collections.abc import Collection
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

    async def followed_among(self, follower_id: UUID, followee_ids: Collection[UUID]) -> set[UUID]:
        if not followee_ids:
            return set()
        conn = await self._uow.connection()
        query = select(follows.c.followee_id).where(
            follows.c.follower_id == follower_id, follows.c.followee_id.in_(list(followee_ids))
        )
        return set((await conn.execute(query)).scalars())

    async def home_of(self, user_id: UUID) -> GeoPoint | None:
        conn = await self._uow.connection()
        query = select(users.c.home_public_lat, users.c.home_public_lng).where(users.c.id == user_id)
        row = (await conn.execute(query)).first()
        if row is None or row.home_public_lat is None or row.home_public_lng is None:
            return None
        return GeoPoint(row.home_public_lat, row.home_public_lng)
