from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RenderedImage:
    """One encoded rendition: its bytes carry pixels only, no metadata."""

    size: int  # the longest-side bound asked for
    format: str  # "jpeg" or "webp"
    content_type: str
    width: int
    height: int
    data: bytes


class ImageCodec(Protocol):
    """Decodes an untrusted image and re-encodes it. Raises ``MediaRejected`` (never
    retried) for files that are unusable or hostile: undecodable, bombs, too many pixels."""

    def render(
        self, data: bytes, content_type: str, sizes: Sequence[int], formats: Sequence[str], max_pixels: int
    ) -> list[RenderedImage]:
        """Blocking and CPU-bound: callers run it off the event loop."""
        ...
