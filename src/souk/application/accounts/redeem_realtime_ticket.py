from __future__ import annotations

from souk.application.accounts.realtime_tickets import ticket_key
from souk.application.accounts.revoked_sessions import RevokedSessions
from souk.application.ports.access_tokens import AccessClaims
from souk.application.ports.ticket_store import TicketStore
from souk.application.shared.clock import Clock
from souk.domain.accounts.errors import InvalidToken, SessionEnded


class RedeemRealtimeTicket:
    """Spend a ticket for the claims of the token that asked for it; ``InvalidToken`` for an
    unknown, spent or expired ticket, ``SessionEnded`` if its session ended meanwhile."""

    def __init__(self, store: TicketStore, revoked: RevokedSessions, clock: Clock) -> None:
        self._store = store
        self._revoked = revoked
        self._clock = clock

    async def __call__(self, ticket: str) -> AccessClaims:
        grant = await self._store.take(ticket_key(ticket)) if ticket else None
        if grant is None:
            raise InvalidToken("The ticket is unknown, used or expired; ask for a new one.")
        if self._revoked.is_revoked(grant.session_id):
            raise SessionEnded()
        if grant.token_expires_at <= self._clock.now():
            raise InvalidToken()
        return AccessClaims(grant.user_id, grant.session_id, self._clock.now(), grant.token_expires_at)
