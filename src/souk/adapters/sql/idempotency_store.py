from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from souk.adapters.sql.tables import idempotency_keys
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.idempotency_store import IdempotencyRecord, IdempotencyStore

KEEP = timedelta(hours=24)


class SqlIdempotencyStore(IdempotencyStore):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def claim(self, user_id: UUID, key: str, fingerprint: str, now: datetime) -> IdempotencyRecord | None:
        conn = await self._uow.connection()
        table = idempotency_keys
        mine = (table.c.user_id == user_id) & (table.c.key == key)
        await conn.execute(delete(table).where(mine, table.c.created_at < now - KEEP))
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        values = {"user_id": user_id, "key": key, "fingerprint": fingerprint, "created_at": now}
        # A concurrent claim of the same key waits here for the first to commit or roll back.
        inserted = await conn.execute(dialect.insert(table).values(**values).on_conflict_do_nothing())
        if inserted.rowcount == 1:
            return None
        row = (await conn.execute(select(table.c.fingerprint, table.c.result).where(mine))).one()
        return IdempotencyRecord(row.fingerprint, dict(row.result or {}))

    async def complete(self, user_id: UUID, key: str, result: dict[str, str]) -> None:
        conn = await self._uow.connection()
        table = idempotency_keys
        await conn.execute(update(table).where(table.c.user_id == user_id, table.c.key == key).values(result=result))
