from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from souk.application.accounts.list_sessions import SessionView
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


class SessionOut(msgspec.Struct):
    """One signed-in device. `last_seen_at`: its last sign-in or token refresh (a client
    refreshes at least every access-token lifetime while in use)."""

    id: UUID
    device_name: str | None
    platform: str | None
    approx_place: str
    created_at: datetime
    last_seen_at: datetime
    current: bool

    @classmethod
    def of(cls, view: SessionView) -> SessionOut:
        s = view.session
        platform = s.device.platform.value if s.device.platform else None
        return cls(s.id, s.device.name, platform, s.approx_place, s.created_at, s.last_seen_at, view.current)
