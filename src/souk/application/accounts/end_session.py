from __future__ import annotations

from uuid import UUID

from souk.application.accounts.revoked_sessions import RevokedSessions, end_sessions
from souk.application.events import EventRecorder
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.ports.session_repository import SessionRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.accounts.errors import SessionNotFound


class EndSession:
    """End one of the caller's sessions (any device, this one included). Someone else's
    session, or one already ended, is not found."""

    def __init__(
        self,
        uow: UnitOfWork,
        sessions: SessionRepository,
        refresh_tokens: RefreshTokenRepository,
        clock: Clock,
        events: EventRecorder,
        revoked: RevokedSessions,
    ) -> None:
        self._uow = uow
        self._sessions = sessions
        self._refresh_tokens = refresh_tokens
        self._clock = clock
        self._events = events
        self._revoked = revoked

    async def __call__(self, user_id: UUID, session_id: UUID) -> None:
        now = self._clock.now()
        if await self._sessions.live_of_user(session_id, user_id, now) is None:
            raise SessionNotFound()
        await self._refresh_tokens.revoke_family(session_id, now)
        await end_sessions(self._uow, self._events, self._revoked, user_id, [session_id], "ended_by_owner", now)
