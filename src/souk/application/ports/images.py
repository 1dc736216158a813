"""What other features (listings' ``image_media_ids``, avatars) know of processed images."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from souk.domain.media.media import Media


@dataclass(frozen=True, slots=True)
class ImageVariantView:
    size: int
    format: str
    url: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class ImageView:
    """A processed image as documents show it: the main URL (largest JPEG) and every variant."""

    media_id: UUID
    url: str
    width: int
    height: int
    variants: tuple[ImageVariantView, ...]


class Images(Protocol):
    """Which images a person may use, and what documents show of them (one batch lookup)."""

    async def require_usable(self, media_ids: Collection[UUID], owner_id: UUID) -> dict[UUID, ImageView]:
        """Only the owner's own images, each processed: else ``MediaNotFound`` (someone
        else's or no such media), ``MediaNotImage`` or ``ImageNotReady``. Returns their views."""
        ...

    async def views(self, media_ids: Iterable[UUID]) -> dict[UUID, ImageView]:
        """The views of those that are processed images (others are left out)."""
        ...

    def view(self, media: Media) -> ImageView | None:
        """The view of media already read (``None`` unless it is a processed image)."""
        ...
