"""Realtime tickets: browsers cannot set headers on a WebSocket, and an access token in a
URL ends up in logs and histories. A ticket is a random single-use stand-in for the access
token, good for ``ttl`` (30 s) and one ``/ws?ticket=`` handshake on any process."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class RealtimeTicket:
    ticket: str
    expires_in: int


@dataclass(frozen=True, slots=True)
class TicketTtl:
    value: timedelta = timedelta(seconds=30)


def ticket_key(ticket: str) -> str:
    """Stores hold a digest: a leaked store (or a Redis MONITOR) gives no usable ticket."""
    return hashlib.sha256(ticket.encode()).hexdigest()
