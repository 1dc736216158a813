from __future__ import annotations

from souk.application.accounts.revoked_sessions import RevokedSessions
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.shared.clock import Clock


class CatchUpRevocations:
    """After (re)subscribing to the bus: the sessions that ended while this process was not
    listening, read from the database (only those a live access token could still name)."""

    def __init__(self, refresh_tokens: RefreshTokenRepository, revoked: RevokedSessions, clock: Clock) -> None:
        self._refresh_tokens = refresh_tokens
        self._revoked = revoked
        self._clock = clock

    async def __call__(self) -> int:
        since = self._clock.now() - self._revoked.keep
        learnt = 0
        for session_id, revoked_at in await self._refresh_tokens.revoked_since(since):
            learnt += len(self._revoked.add([session_id], revoked_at))
        return learnt
