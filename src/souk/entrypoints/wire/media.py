"""Processed images as product documents, avatars and live-room frames show them."""

from __future__ import annotations

import msgspec

from souk.application.ports.images import ImageView


class ImageVariantOut(msgspec.Struct):
    """One size of an image: its JPEG and WebP URLs (null: not made in that format) and its size in pixels."""

    jpeg: str | None
    webp: str | None
    width: int
    height: int


class ImageOut(msgspec.Struct):
    """A processed image: `url` is the largest JPEG; `variants` by longest side in pixels
    (`"320"`, `"640"`, `"1280"`; sizes larger than the picture are not made), each in JPEG
    and WebP. Every variant was re-encoded from pixels: no EXIF, GPS or XMP."""

    url: str
    width: int
    height: int
    variants: dict[str, ImageVariantOut]

    @classmethod
    def of(cls, view: ImageView) -> ImageOut:
        variants: dict[str, ImageVariantOut] = {}
        for v in sorted(view.variants, key=lambda v: v.size):
            entry = variants.setdefault(str(v.size), ImageVariantOut(None, None, v.width, v.height))
            if v.format == "jpeg":
                entry.jpeg = v.url
            elif v.format == "webp":
                entry.webp = v.url
        return cls(view.url, view.width, view.height, variants)
