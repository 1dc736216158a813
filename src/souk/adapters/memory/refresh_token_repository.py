from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.domain.accounts.refresh_token import RefreshToken


class InMemoryRefreshTokenRepository(RefreshTokenRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._tokens: dict[str, RefreshToken] = uow.store.table("refresh_tokens")

    async def add(self, token: RefreshToken) -> None:
        self._uow.before_write()
        self._tokens[token.token_hash] = clone(token)

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        token = self._tokens.get(token_hash)
        return clone(token) if token else None

    async def mark_used(self, token_hash: str, now: datetime) -> RefreshToken | None:
        token = self._tokens.get(token_hash)
        if token is None or not token.is_live(now):
            return None
        self._uow.before_write()
        self._tokens[token_hash] = replace(token, used_at=now)
        return clone(self._tokens[token_hash])

    async def revoke_family(self, family_id: UUID, now: datetime) -> int:
        return self._revoke(lambda t: t.family_id == family_id, now)

    async def revoke_all_for_user(self, user_id: UUID, now: datetime, keep: UUID | None = None) -> list[UUID]:
        live = [
            t for t in self._tokens.values() if t.user_id == user_id and t.family_id != keep and t.revoked_at is None
        ]
        self._revoke(lambda t: t.user_id == user_id and t.family_id != keep, now)
        return sorted({t.family_id for t in live})

    async def revoked_since(self, since: datetime) -> list[tuple[UUID, datetime]]:
        latest: dict[UUID, datetime] = {}
        for token in self._tokens.values():
            if token.revoked_at is not None and token.revoked_at > since:
                latest[token.family_id] = max(token.revoked_at, latest.get(token.family_id, token.revoked_at))
        return list(latest.items())

    def _revoke(self, matches: Callable[[RefreshToken], bool], now: datetime) -> int:
        self._uow.before_write()
        hits = [h for h, t in self._tokens.items() if matches(t) and t.revoked_at is None]
        for token_hash in hits:
            self._tokens[token_hash] = replace(self._tokens[token_hash], revoked_at=now)
        return len(hits)
