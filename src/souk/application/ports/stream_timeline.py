from __future__ import annotations

from typing import Protocol
from uuid import UUID

from souk.domain.streams.timeline import TimelineEntry


class StreamTimeline(Protocol):
    """The record of what a stream showed and sold (shoppable replays)."""

    async def append(self, entry: TimelineEntry) -> None:
        """Written inside the caller's unit of work: it commits (or rolls back) with the change it records."""
        ...

    async def entries(self, stream_id: UUID) -> list[TimelineEntry]:
        """The stream's entries, oldest first (equal times in the order they were appended)."""
        ...
