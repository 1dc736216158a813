from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, select, update

from souk.adapters.sql.tables import refresh_tokens
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.domain.accounts.refresh_token import RefreshToken

_t = refresh_tokens.c


class SqlRefreshTokenRepository(RefreshTokenRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def add(self, token: RefreshToken) -> None:
        conn = await self._uow.connection()
        await conn.execute(insert(refresh_tokens).values(**_to_row(token)))

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        conn = await self._uow.connection()
        row = (await conn.execute(select(refresh_tokens).where(_t.token_hash == token_hash))).mappings().first()
        return _to_entity(row) if row else None

    async def mark_used(self, token_hash: str, now: datetime) -> RefreshToken | None:
        conn = await self._uow.connection()
        statement = (
            update(refresh_tokens)
            .where(
                _t.token_hash == token_hash,
                _t.used_at.is_(None),
                _t.revoked_at.is_(None),
                _t.expires_at > now,
            )
            .values(used_at=now)
            .returning(*refresh_tokens.c)
        )
        row = (await conn.execute(statement)).mappings().first()
        return _to_entity(row) if row else None

    async def revoke_family(self, family_id: UUID, now: datetime) -> int:
        return await self._revoke(_t.family_id == family_id, now)

    async def revoke_all_for_user(self, user_id: UUID, now: datetime, keep: UUID | None = None) -> list[UUID]:
        conn = await self._uow.connection()
        condition = _t.user_id == user_id
        if keep is not None:
            condition = condition & (_t.family_id != keep)
        statement = (
            update(refresh_tokens)
            .where(condition, _t.revoked_at.is_(None))
            .values(revoked_at=now)
            .returning(_t.family_id)
        )
        return sorted(set((await conn.execute(statement)).scalars()))

    async def revoked_since(self, since: datetime) -> list[tuple[UUID, datetime]]:
        conn = await self._uow.connection()
        statement = select(_t.family_id, func.max(_t.revoked_at)).where(_t.revoked_at > since).group_by(_t.family_id)
        return [(family, revoked_at) for family, revoked_at in (await conn.execute(statement)).all()]

    async def _revoke(self, condition: Any, now: datetime) -> int:
        conn = await self._uow.connection()
        statement = update(refresh_tokens).where(condition, _t.revoked_at.is_(None)).values(revoked_at=now)
        return (await conn.execute(statement)).rowcount


def _to_row(token: RefreshToken) -> dict[str, Any]:
    return {
        "id": token.id,
        "user_id": token.user_id,
        "family_id": token.family_id,
        "token_hash": token.token_hash,
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "used_at": token.used_at,
        "revoked_at": token.revoked_at,
    }


def _to_entity(row: Any) -> RefreshToken:
    return RefreshToken(**dict(row))
