from __future__ import annotations

from typing import Protocol
from uuid import UUID


class ProfileCounters(Protocol):
    async def adjust(self, user_id: UUID, *, listings: int = 0, sold: int = 0) -> None:
        """Moves a seller's counters inside the current transaction."""
        ...
