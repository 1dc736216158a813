from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.application.ports.catalog_reader import SellerSummary
from souk.application.shared.cursors import SortKey


@dataclass(frozen=True, slots=True)
class FollowEntry:
    user: SellerSummary
    avatar_url: str | None
    key: SortKey


class SaveRepository(Protocol):
    async def save(self, user_id: UUID, product_id: UUID, at: datetime) -> bool:
        """True when newly saved (and ``saves_count`` went up); False when already saved."""
        ...

    async def unsave(self, user_id: UUID, product_id: UUID) -> bool: ...


class FollowRepository(Protocol):
    async def follow(self, follower_id: UUID, followee_id: UUID, at: datetime) -> bool:
        """True when new (and both users' counters moved); False when already following."""
        ...

    async def unfollow(self, follower_id: UUID, followee_id: UUID) -> bool: ...

    async def followers(self, user_id: UUID, after: SortKey | None, limit: int) -> list[FollowEntry]: ...

    async def following(self, user_id: UUID, after: SortKey | None, limit: int) -> list[FollowEntry]: ...
