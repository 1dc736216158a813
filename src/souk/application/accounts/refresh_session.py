from __future__ import annotations

from souk.application.accounts.results import TokenPair
from souk.application.accounts.revoked_sessions import RevokedSessions, session_revoked
from souk.application.accounts.sessions import SessionIssuer
from souk.application.events import EventRecorder
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.accounts.errors import InvalidToken, RefreshTokenReused
from souk.domain.accounts.refresh_token import digest_refresh_token


class RefreshSession:
    """Spend a refresh token for a new pair; a second spend is theft: the family dies."""

    def __init__(
        self,
        uow: UnitOfWork,
        refresh_tokens: RefreshTokenRepository,
        sessions: SessionIssuer,
        clock: Clock,
        events: EventRecorder,
        revoked: RevokedSessions,
    ) -> None:
        self._uow = uow
        self._refresh_tokens = refresh_tokens
        self._sessions = sessions
        self._clock = clock
        self._events = events
        self._revoked = revoked

    async def __call__(self, refresh_token: str) -> TokenPair:
        digest = digest_refresh_token(refresh_token)
        now = self._clock.now()
        spent = await self._refresh_tokens.mark_used(digest, now)
        if spent is None:
            known = await self._refresh_tokens.get_by_hash(digest)
            if known is not None and known.used_at is not None:
                await self._refresh_tokens.revoke_family(known.family_id, now)
                await self._events.record(session_revoked(known.user_id, [known.family_id], "reuse", now))
                await self._uow.commit()
                self._revoked.add([known.family_id], now)
                await self._events.publish()
                raise RefreshTokenReused()
            raise InvalidToken()
        tokens = await self._sessions.rotate(spent.user_id, spent.family_id)
        await self._uow.commit()
        return tokens
