from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.push_token_repository import PushTokenRepository
from souk.domain.notifications.push import PushToken


class InMemoryPushTokenRepository(PushTokenRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._tokens: dict[str, PushToken] = uow.store.table("push_tokens")
        self._created: dict[str, datetime] = uow.store.table("push_tokens_created")

    async def register(self, token: PushToken, keep: int, stale_before: datetime) -> None:
        self._uow.before_write()
        if token.token not in self._tokens:
            self._created[token.token] = token.last_seen_at
        self._tokens[token.token] = token
        mine = [t for t in self._tokens.values() if t.user_id == token.user_id]
        mine.sort(key=lambda t: (t.last_seen_at, self._created[t.token], t.token), reverse=True)
        for position, held in enumerate(mine):
            if held.last_seen_at < stale_before or position >= keep:
                del self._tokens[held.token]

    async def remove(self, user_id: UUID, token: str) -> bool:
        held = self._tokens.get(token)
        if held is None or held.user_id != user_id:
            return False
        self._uow.before_write()
        del self._tokens[token]
        return True

    async def for_users(self, user_ids: Sequence[UUID]) -> list[PushToken]:
        wanted = set(user_ids)
        return sorted((t for t in self._tokens.values() if t.user_id in wanted), key=lambda t: (t.user_id, t.token))

    async def forget(self, tokens: Sequence[str]) -> None:
        if tokens:
            self._uow.before_write()
        for token in tokens:
            self._tokens.pop(token, None)
