from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.streams.analytics import ViewerVisit


@dataclass(frozen=True, slots=True)
class VisitEntry:
    """What is new about one visit: its join, its leave, or both (a short visit whose join
    and leave fall in one batch). A leave alone updates a visit written earlier."""

    visit_id: UUID
    stream_id: UUID
    user_id: UUID
    joined_at: datetime | None
    left_at: datetime | None


class StreamViewerLog(Protocol):
    """When each viewer joined and left: the source of peak, unique and watch-time figures."""

    async def write(self, entries: Sequence[VisitEntry]) -> None:
        """Idempotent (the visit id is the key): a batch written twice changes nothing the
        second time; only a visit's first leave counts."""
        ...

    async def visits(self, stream_id: UUID) -> list[ViewerVisit]: ...
