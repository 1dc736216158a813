"""What other features (listings' ``image_media_ids``, avatars) know of processed images."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID


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

    def wire(self) -> dict[str, Any]:
        """The document shape (API.md): ``{url, width, height, variants: {"320": {jpeg,
        webp, width, height}, …}}`` — one place for REST and the live-room frames."""
        variants: dict[str, dict[str, Any]] = {}
        for v in sorted(self.variants, key=lambda v: v.size):
            entry = variants.setdefault(str(v.size), {"jpeg": None, "webp": None, "width": v.width, "height": v.height})
            entry[v.format] = v.url
        return {"url": self.url, "width": self.width, "height": self.height, "variants": variants}


class Images(Protocol):
    """Which images a person may use, and what documents show of them (one batch lookup)."""

    async def require_usable(self, media_ids: Collection[UUID], owner_id: UUID) -> dict[UUID, ImageView]:
        """Only the owner's own images, each processed: else ``MediaNotFound`` (someone
        else's or no such media), ``MediaNotImage`` or ``ImageNotReady``. Returns their views."""
        ...

    async def views(self, media_ids: Iterable[UUID]) -> dict[UUID, ImageView]:
        """The views of those that are processed images (others are left out)."""
        ...
