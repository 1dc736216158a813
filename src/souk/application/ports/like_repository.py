from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.social.target import TargetRef


class LikeRepository(Protocol):
    async def like(self, user_id: UUID, target: TargetRef, at: datetime) -> bool:
        """True when new (and the target's ``likes_count`` went up); False when already liked."""
        ...

    async def unlike(self, user_id: UUID, target: TargetRef) -> bool: ...

    async def count(self, target: TargetRef) -> int: ...
