from __future__ import annotations

from collections.abc import Collection
from typing import Protocol
from uuid import UUID

from souk.domain.shared.geo import GeoPoint


class AudienceDirectory(Protocol):
    """The social facts audience rules need: follows and home locations."""

    async def follows(self, follower_id: UUID, followee_id: UUID) -> bool: ...

    async def followed_among(self, follower_id: UUID, followee_ids: Collection[UUID]) -> set[UUID]:
        """Which of ``followee_ids`` the follower follows (one read for several rooms)."""
        ...

    async def home_of(self, user_id: UUID) -> GeoPoint | None:
        """The *public point* of the user's home (``domain.shared.public_point``), never the
        exact one: neighbourhood admission and neighbour notifications answer from it."""
        ...
