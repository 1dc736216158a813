from __future__ import annotations

from uuid import UUID

from souk.application.ports.clock import Clock
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.accounts.refresh_token import digest_refresh_token


class Logout:
    """End the session (the token's family). Idempotent; someone else's token is left alone."""

    def __init__(self, uow: UnitOfWork, refresh_tokens: RefreshTokenRepository, clock: Clock) -> None:
        self._uow = uow
        self._refresh_tokens = refresh_tokens
        self._clock = clock

    async def __call__(self, user_id: UUID, refresh_token: str) -> None:
        token = await self._refresh_tokens.get_by_hash(digest_refresh_token(refresh_token))
        if token is None or token.user_id != user_id:
            return
        await self._refresh_tokens.revoke_family(token.family_id, self._clock.now())
        await self._uow.commit()
