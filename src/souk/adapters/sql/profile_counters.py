from __future__ import annotations

from uuid import UUID

from sqlalchemy import update

from souk.adapters.sql.tables import users
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.profile_counters import ProfileCounters


class SqlProfileCounters(ProfileCounters):
    """Relative updates (``x = x + n``): concurrent transactions never lose a count."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def adjust(self, user_id: UUID, *, listings: int = 0, sold: int = 0) -> None:
        conn = await self._uow.connection()
        await conn.execute(
            update(users)
            .where(users.c.id == user_id)
            .values(listings_count=users.c.listings_count + listings, sold_count=users.c.sold_count + sold)
        )
