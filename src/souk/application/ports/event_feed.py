from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.application.ports.outbox import OutboxEntry


class EventFeed(Protocol):
    """The notification consumer's durable view of the outbox: every committed event,
    whether or not anyone was listening on the bus when it was published."""

    async def claim(self, now: datetime, limit: int) -> Sequence[OutboxEntry]:
        """Lease up to ``limit`` events not yet consumed, oldest first; a leased event is
        not handed to another consumer until its lease ends (then it is, again)."""
        ...

    async def consumed(self, ids: Sequence[UUID], at: datetime) -> None: ...

    async def get(self, event_id: UUID) -> OutboxEntry | None:
        """One event by id, consumed or not (jobs name the event they work for)."""
        ...
