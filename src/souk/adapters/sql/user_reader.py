from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from souk.adapters.sql.own_account import fetch_own_account
from souk.adapters.sql.read_engine import ReadEngine
from souk.adapters.sql.user_repository import fetch_counts, fetch_user, fetch_users
from souk.application.ports.user_reader import OwnAccount, UserReader
from souk.application.ports.user_repository import ProfileCounts
from souk.domain.accounts.user import User


class SqlUserReader(UserReader):
    def __init__(self, read_engine: ReadEngine) -> None:
        self._engine = read_engine.engine

    async def get(self, user_id: UUID) -> User | None:
        async with self._engine.connect() as conn:
            return await fetch_user(conn, user_id)

    async def many(self, user_ids: Iterable[UUID]) -> dict[UUID, User]:
        async with self._engine.connect() as conn:
            return await fetch_users(conn, user_ids)

    async def counts(self, user_id: UUID) -> ProfileCounts:
        async with self._engine.connect() as conn:
            return await fetch_counts(conn, user_id)

    async def own_account(self, user_id: UUID) -> OwnAccount | None:
        async with self._engine.connect() as conn:
            return await fetch_own_account(conn, user_id)
