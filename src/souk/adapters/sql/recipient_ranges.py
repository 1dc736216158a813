from __future__ import annotations

from uuid import UUID

from sqlalchemy import func

from souk.adapters.sql.live_recipients import recipient_ids
from souk.adapters.sql.read_engine import ReadEngine
from souk.adapters.sql.sqlite_functions import ensure_sqlite_functions
from souk.application.ports.recipient_ranges import RecipientRanges
from souk.domain.streams.announcement import Recipients


class SqlRecipientRanges(RecipientRanges):
    """Every ``batch_size``-th recipient id, numbered in id order by one window query."""

    def __init__(self, reader: ReadEngine) -> None:
        self._engine = reader.engine

    async def boundaries(self, recipients: Recipients, batch_size: int) -> list[UUID]:
        user_id, ids = recipient_ids(self._engine.dialect.name, recipients)
        numbered = ids.add_columns(func.row_number().over(order_by=user_id).label("n")).subquery()
        first = numbered.c[user_id.name]
        query = (
            numbered.select()
            .with_only_columns(first)
            .where(numbered.c.n > 1, (numbered.c.n - 1) % batch_size == 0)
            .order_by(first)
        )
        async with self._engine.connect() as conn:
            await ensure_sqlite_functions(conn)
            return list((await conn.execute(query)).scalars())
