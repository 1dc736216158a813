from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.streams.giveaway import Giveaway


class GiveawayRepository(Protocol):
    """Stream giveaways and their entries (one per user and giveaway)."""

    async def add(self, giveaway: Giveaway) -> None: ...

    async def get(self, giveaway_id: UUID) -> Giveaway | None: ...

    async def get_for_update(self, giveaway_id: UUID) -> Giveaway | None:
        """Locked until the unit of work ends: the close waits for entries being written."""
        ...

    async def get_for_entry(self, giveaway_id: UUID) -> Giveaway | None:
        """Locked in shared mode: entries go side by side, and none slips past the close."""
        ...

    async def save(self, giveaway: Giveaway) -> None:
        """Writes the result: ``ended_at``, ``winner_id``, ``entrants``."""
        ...

    async def running(self, stream_id: UUID) -> Giveaway | None:
        """The stream's giveaway that has not ended yet, if any."""
        ...

    async def enter(self, giveaway_id: UUID, user_id: UUID, at: datetime) -> bool:
        """Records the entry; ``False`` when the user had already entered."""
        ...

    async def entrant_ids(self, giveaway_id: UUID) -> list[UUID]: ...

    async def due(self, now: datetime, limit: int) -> list[UUID]:
        """Giveaways past their end that have not been closed, soonest first."""
        ...
