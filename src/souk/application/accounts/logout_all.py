from __future__ import annotations

from uuid import UUID

from souk.application.accounts.revoked_sessions import RevokedSessions, end_sessions
from souk.application.events import EventRecorder
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock


class LogoutAll:
    """End every session of the caller, or every other one (``keep_current``)."""

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

    async def __call__(self, user_id: UUID, current_session: UUID, keep_current: bool) -> None:
        now = self._clock.now()
        keep = current_session if keep_current else None
        ended = set(await self._refresh_tokens.revoke_all_for_user(user_id, now, keep=keep))
        if not keep_current:
            ended.add(current_session)
        if not ended:
            return
        await end_sessions(self._uow, self._events, self._revoked, user_id, ended, "logout_all", now)
