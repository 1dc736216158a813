from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, select

from souk.adapters.sql.read_session import SqlSession
from souk.adapters.sql.social_sql import upsert_insert
from souk.adapters.sql.tables import account_deletions
from souk.application.ports.account_deletions import AccountDeletions
from souk.domain.privacy.deletion import GRACE, DeletionRequest


class SqlAccountDeletions(AccountDeletions):
    def __init__(self, uow: SqlSession) -> None:
        self._uow = uow

    async def request(self, user_id: UUID, at: datetime) -> DeletionRequest:
        conn = await self._uow.connection()
        insert = upsert_insert(conn, account_deletions).values(user_id=user_id, requested_at=at)  # type: ignore[arg-type]
        await conn.execute(insert.on_conflict_do_nothing())
        found = await self.pending(user_id)
        assert found is not None
        return found

    async def pending(self, user_id: UUID) -> DeletionRequest | None:
        conn = await self._uow.connection()
        c = account_deletions.c
        at = (await conn.execute(select(c.requested_at).where(c.user_id == user_id))).scalar()
        return DeletionRequest(user_id, at) if at is not None else None

    async def cancel(self, user_id: UUID) -> bool:
        conn = await self._uow.connection()
        result = await conn.execute(delete(account_deletions).where(account_deletions.c.user_id == user_id))
        return bool(result.rowcount)

    async def due(self, now: datetime, limit: int) -> list[UUID]:
        conn = await self._uow.connection()
        c = account_deletions.c
        query = select(c.user_id).where(c.requested_at <= now - GRACE).order_by(c.requested_at).limit(limit)
        return [UUID(str(row.user_id)) for row in await conn.execute(query)]

    async def done(self, user_id: UUID) -> None:
        await self.cancel(user_id)
