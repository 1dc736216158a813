from __future__ import annotations

from typing import Protocol
from uuid import UUID

from souk.domain.media.media import Media


class MediaRepository(Protocol):
    async def add(self, media: Media) -> None: ...

    async def get(self, media_id: UUID) -> Media | None: ...

    async def save(self, media: Media) -> None: ...
