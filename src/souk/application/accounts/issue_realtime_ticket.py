from __future__ import annotations

import secrets
from datetime import datetime
from uuid import UUID

from souk.application.accounts.realtime_tickets import RealtimeTicket, TicketTtl, ticket_key
from souk.application.ports.ticket_store import TicketGrant, TicketStore


class IssueRealtimeTicket:
    def __init__(self, store: TicketStore, ttl: TicketTtl) -> None:
        self._store = store
        self._ttl = ttl.value

    async def __call__(self, user_id: UUID, session_id: UUID, token_expires_at: datetime) -> RealtimeTicket:
        """A ticket for the session of the access token the caller authenticated with."""
        ticket = secrets.token_urlsafe(32)
        grant = TicketGrant(user_id, session_id, token_expires_at)
        await self._store.put(ticket_key(ticket), grant, self._ttl)
        return RealtimeTicket(ticket, int(self._ttl.total_seconds()))
