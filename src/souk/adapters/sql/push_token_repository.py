from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import delete, select

from souk.adapters.sql.social_sql import upsert_insert
from souk.adapters.sql.tables import push_tokens, users
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.push_token_repository import PushTokenRepository
from souk.domain.notifications.push import Platform, PushToken

_t = push_tokens.c


class SqlPushTokenRepository(PushTokenRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def register(self, token: PushToken, keep: int, stale_before: datetime) -> None:
        conn = await self._uow.connection()
        # Registrations of one user queue on their row, so two at once cannot both keep 25.
        await conn.execute(select(users.c.id).where(users.c.id == token.user_id).with_for_update())
        values = {"user_id": token.user_id, "platform": token.platform.value, "last_seen_at": token.last_seen_at}
        upsert = upsert_insert(conn, push_tokens).values(token=token.token, created_at=token.last_seen_at, **values)
        await conn.execute(upsert.on_conflict_do_update(index_elements=[_t.token], set_=values))
        await conn.execute(delete(push_tokens).where(_t.user_id == token.user_id, _t.last_seen_at < stale_before))
        newest = (
            select(_t.token)
            .where(_t.user_id == token.user_id)
            .order_by(_t.last_seen_at.desc(), _t.created_at.desc(), _t.token.desc())
            .limit(keep)
        )
        await conn.execute(
            delete(push_tokens).where(_t.user_id == token.user_id, _t.token.not_in(newest.scalar_subquery()))
        )

    async def remove(self, user_id: UUID, token: str) -> bool:
        conn = await self._uow.connection()
        result = await conn.execute(delete(push_tokens).where(_t.user_id == user_id, _t.token == token))
        return bool(result.rowcount)

    async def for_users(self, user_ids: Sequence[UUID]) -> list[PushToken]:
        if not user_ids:
            return []
        conn = await self._uow.connection()
        query = select(_t.user_id, _t.token, _t.platform, _t.last_seen_at).where(_t.user_id.in_(list(user_ids)))
        return [_token(r) for r in (await conn.execute(query.order_by(_t.user_id, _t.token))).mappings()]

    async def forget(self, tokens: Sequence[str]) -> None:
        if tokens:
            conn = await self._uow.connection()
            await conn.execute(delete(push_tokens).where(_t.token.in_(list(tokens))))


def _token(row: Any) -> PushToken:
    return PushToken(row["user_id"], row["token"], Platform(row["platform"]), row["last_seen_at"])
