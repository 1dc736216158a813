from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.social.target import TargetKind, TargetRef


class LikeRepository(Protocol):
    async def like(self, user_id: UUID, target: TargetRef, at: datetime) -> bool:
        """True when new (and the target's ``likes_count`` went up); False when already liked."""
        ...

    async def unlike(self, user_id: UUID, target: TargetRef) -> bool: ...

    async def counts(self, kind: TargetKind, ids: Collection[UUID]) -> dict[UUID, int]:
        """Likes of each of the targets (0 for those nobody liked, or that do not exist)."""
        ...
