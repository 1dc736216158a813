from __future__ import annotations

from collections.abc import Collection
from typing import Protocol
from uuid import UUID

from souk.domain.media.media import Media


class MediaRepository(Protocol):
    async def add(self, media: Media) -> None: ...

    async def get(self, media_id: UUID) -> Media | None: ...

    async def get_many(self, media_ids: Collection[UUID]) -> list[Media]:
        """Those of the ids that exist, in no particular order (one round trip)."""
        ...

    async def save(self, media: Media) -> None: ...
