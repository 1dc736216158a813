from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol
from uuid import UUID

from souk.application.ports.catalog_reader import VideoPreview


class ProductVideos(Protocol):
    """What media tells the catalog and streams about videos: which one a seller may attach
    to a listing, and what a listing (or a stream's replay) shows of them."""

    async def require_attachable(self, media_id: UUID, seller_id: UUID) -> None:
        """Only the seller's own video, processed: else ``MediaNotFound``, ``MediaNotVideo``
        or ``VideoNotReady``."""
        ...

    async def previews(self, media_ids: Iterable[UUID]) -> dict[UUID, VideoPreview]:
        """The ready ones among ``media_ids`` (one read)."""
        ...
