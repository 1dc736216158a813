from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select

from souk.adapters.sql.read_engine import ReadEngine
from souk.adapters.sql.tables import follows
from souk.application.ports.follower_ranges import FollowerRanges


class SqlFollowerRanges(FollowerRanges):
    """Every ``batch_size``-th follower id, numbered in id order by one window query."""

    def __init__(self, reader: ReadEngine) -> None:
        self._engine = reader.engine

    async def boundaries(self, seller_id: UUID, batch_size: int) -> list[UUID]:
        numbered = (
            select(follows.c.follower_id, func.row_number().over(order_by=follows.c.follower_id).label("n"))
            .where(follows.c.followee_id == seller_id)
            .subquery()
        )
        query = (
            select(numbered.c.follower_id)
            .where(numbered.c.n > 1, (numbered.c.n - 1) % batch_size == 0)
            .order_by(numbered.c.follower_id)
        )
        async with self._engine.connect() as conn:
            return list((await conn.execute(query)).scalars())
