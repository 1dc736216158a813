from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, slots=True)
class LiveStreamSummary:
    id: UUID
    title: str
    seller_id: UUID
    viewers: int
    started_at: datetime
    thumbnail_url: str | None


class LiveStreams(Protocol):
    """Streams live now, for the Discover feed (implemented by streams: StreamsLiveNow)."""

    async def live_now(self, limit: int) -> list[LiveStreamSummary]: ...
