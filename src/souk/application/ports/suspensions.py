from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, slots=True)
class Suspension:
    """``until`` None: banned for good."""

    user_id: UUID
    until: datetime | None
    reason: str


class Suspensions(Protocol):
    """Staff suspensions and bans, kept on the user."""

    async def suspend(self, suspension: Suspension) -> None: ...

    async def lift(self, user_id: UUID) -> bool:
        """True when the user was suspended."""
        ...

    async def of(self, user_id: UUID, now: datetime) -> Suspension | None:
        """The user's suspension in force at ``now``, if any."""
        ...

    async def in_force(self, now: datetime) -> frozenset[UUID]:
        """Everyone suspended at ``now`` (few people: read on every public list)."""
        ...
