from __future__ import annotations

from typing import Any
from uuid import UUID

from souk.adapters.sql.dead_connections import raw_call
from souk.adapters.sql.own_account import SELECT_OWN_ACCOUNT, own_account_of
from souk.adapters.sql.read_engine import ReadEngine
from souk.adapters.sql.user_repository import SELECT_COUNTS, SELECT_USER_BY_ID, to_entity
from souk.application.ports.user_reader import OwnAccount, UserReader
from souk.application.ports.user_repository import ProfileCounts
from souk.domain.accounts.user import User


class PostgresUserReader(UserReader):
    """The profile reads on PostgreSQL, every authenticated screen's first call: the same
    Core statements, compiled once, sent with asyncpg's ``fetchrow`` on a connection of the
    read engine's pool. It skips SQLAlchemy's execution and result layers (~100 µs of CPU
    per read, measured) but not its pool, so no extra connections are opened. A connection
    lost mid-statement is invalidated, never reused (``raw_call``)."""

    def __init__(self, read_engine: ReadEngine) -> None:
        self._engine = read_engine.engine
        dialect = self._engine.dialect
        self._user_sql = str(SELECT_USER_BY_ID.compile(dialect=dialect))
        self._counts_sql = str(SELECT_COUNTS.compile(dialect=dialect))
        self._own_account_sql = str(SELECT_OWN_ACCOUNT.compile(dialect=dialect))

    async def get(self, user_id: UUID) -> User | None:
        row = await self._fetchrow(self._user_sql, user_id)
        return to_entity(row) if row else None

    async def counts(self, user_id: UUID) -> ProfileCounts:
        row = await self._fetchrow(self._counts_sql, user_id)
        return ProfileCounts(*row) if row else ProfileCounts()

    async def own_account(self, user_id: UUID) -> OwnAccount | None:
        row = await self._fetchrow(self._own_account_sql, user_id)
        return own_account_of(row) if row else None

    async def _fetchrow(self, sql: str, *args: Any) -> Any:
        return await raw_call(self._engine, "fetchrow", sql, args)
