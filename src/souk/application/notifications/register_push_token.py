from __future__ import annotations

from uuid import UUID

from souk.application.ports.push_token_repository import PushTokenRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.notifications.push import MAX_TOKENS_PER_USER, STALE_AFTER, PushToken


class RegisterPushToken:
    """A device's token for this user (moved from whoever had it before). Keeps the user's
    ``MAX_TOKENS_PER_USER`` most recently seen tokens and drops the stale ones."""

    def __init__(self, uow: UnitOfWork, tokens: PushTokenRepository, clock: Clock) -> None:
        self._uow = uow
        self._tokens = tokens
        self._clock = clock

    async def __call__(self, user_id: UUID, token: str, platform: str) -> PushToken:
        now = self._clock.now()
        registered = PushToken.register(user_id, token, platform, now)
        await self._tokens.register(registered, MAX_TOKENS_PER_USER, now - STALE_AFTER)
        await self._uow.commit()
        return registered
