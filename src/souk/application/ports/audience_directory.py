from __future__ import annotations

from typing import Protocol
from uuid import UUID

from souk.domain.shared.geo import GeoPoint


class AudienceDirectory(Protocol):
    """The social facts audience rules need: follows and home locations."""

    async def follows(self, follower_id: UUID, followee_id: UUID) -> bool: ...

    async def home_of(self, user_id: UUID) -> GeoPoint | None: ...
