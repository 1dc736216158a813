from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, slots=True)
class TicketGrant:
    """What a realtime ticket stands for: the session that asked for it and when the access
    token it was asked with expires (the socket it opens lives that long unless renewed)."""

    user_id: UUID
    session_id: UUID
    token_expires_at: datetime


class TicketStore(Protocol):
    """Short-lived single-use tickets, shared by every process; keyed by a digest of the
    ticket, never the ticket itself."""

    async def put(self, key: str, grant: TicketGrant, ttl: timedelta) -> None: ...

    async def take(self, key: str) -> TicketGrant | None:
        """The grant, removed in the same step (a second take gets ``None``); ``None`` once
        ``ttl`` has passed."""
        ...
