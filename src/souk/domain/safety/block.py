"""A block: one user shuts another out; the rule works both ways."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from souk.domain.safety.errors import CannotBlockSelf


@dataclass(frozen=True, slots=True)
class Block:
    blocker_id: UUID
    blocked_id: UUID
    created_at: datetime

    @classmethod
    def make(cls, blocker_id: UUID, blocked_id: UUID, now: datetime) -> Block:
        if blocker_id == blocked_id:
            raise CannotBlockSelf()
        return cls(blocker_id, blocked_id, now)
