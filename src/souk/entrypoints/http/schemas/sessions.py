from __future__ import annotations

import msgspec

from souk.application.accounts.realtime_tickets import RealtimeTicket
from souk.entrypoints.http.schemas.common import Body


class LogoutAllBody(Body):
    keep_current: bool = False


class RealtimeTicketOut(msgspec.Struct):
    ticket: str
    expires_in: int

    @classmethod
    def of(cls, ticket: RealtimeTicket) -> RealtimeTicketOut:
        return cls(ticket.ticket, ticket.expires_in)
