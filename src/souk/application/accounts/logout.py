from __future__ import annotations

from uuid import UUID

from souk.application.accounts.revoked_sessions import RevokedSessions, end_sessions
from souk.application.events import EventRecorder
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.accounts.refresh_token import digest_refresh_token


class Logout:
    """End the caller's session (the access token's) and the refresh token's family if it is
    the caller's. Idempotent; someone else's refresh token is left alone."""

    def __init__(
        self,
        uow: UnitOfWork,
        refresh_tokens: RefreshTokenRepository,
        clock: Clock,
        events: EventRecorder,
        revoked: RevokedSessions,
    ) -> None:
        self._uow = uow
        self._refresh_tokens = refresh_tokens
        self._clock = clock
        self._events = events
        self._revoked = revoked

    async def __call__(self, user_id: UUID, session_id: UUID, refresh_token: str | None = None) -> None:
        sessions = {session_id}
        token = await self._refresh_tokens.get_by_hash(digest_refresh_token(refresh_token)) if refresh_token else None
        if token is not None and token.user_id == user_id:
            sessions.add(token.family_id)
        now = self._clock.now()
        for family in sessions:
            await self._refresh_tokens.revoke_family(family, now)
        await end_sessions(self._uow, self._events, self._revoked, user_id, sessions, "logout", now)
