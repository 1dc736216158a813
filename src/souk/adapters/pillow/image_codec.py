"""Images through Pillow: decoded (never trusted), oriented, converted to sRGB and
re-encoded from pixels alone, so no EXIF, GPS, XMP, IPTC, comments or maker notes survive.

Why Pillow rather than pyvips: the files are small (≤ 10 MB, ≤ 50 megapixels), Pillow's
wheels bring their own codecs (no system libvips to install on every worker), it has a
decompression-bomb guard, EXIF orientation (``ImageOps.exif_transpose``) and colour
management (``ImageCms``) built in, and it encodes WebP and JPEG. HEIC is read through the
``pillow-heif`` plugin."""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence

import pillow_heif
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from souk.application.ports.image_codec import ImageCodec, RenderedImage
from souk.domain.media.errors import MediaRejected

pillow_heif.register_heif_opener()

# The Pillow format names each accepted content type may be decoded as (nothing else is tried).
PILLOW_FORMATS = {"image/jpeg": ["JPEG"], "image/png": ["PNG"], "image/webp": ["WEBP"], "image/heic": ["HEIF"]}
CONTENT_TYPES = {"jpeg": "image/jpeg", "webp": "image/webp"}
JPEG_QUALITY, WEBP_QUALITY = 82, 80
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class PillowImageCodec(ImageCodec):
    def render(
        self, data: bytes, content_type: str, sizes: Sequence[int], formats: Sequence[str], max_pixels: int
    ) -> list[RenderedImage]:
        picture = _decode(data, content_type, max_pixels)
        longest = max(picture.size)
        # Every bound below the picture, and the first at or above it (at the picture's own
        # size: never upscaled), so the largest variant keeps every pixel there is.
        wanted = [s for s in sorted(sizes) if s < longest] + [s for s in sorted(sizes) if s >= longest][:1]
        rendered = []
        for size in wanted:
            copy = picture.copy()
            copy.thumbnail((size, size), Image.Resampling.LANCZOS)
            for fmt in formats:
                rendered.append(RenderedImage(size, fmt, CONTENT_TYPES[fmt], *copy.size, _encode(copy, fmt)))
        return rendered


def _decode(data: bytes, content_type: str, max_pixels: int) -> Image.Image:
    formats = PILLOW_FORMATS.get(content_type)
    if formats is None:
        raise MediaRejected(f"{content_type} is not an image format we process.")
    with warnings.catch_warnings():
        # Pillow warns above its own limit and refuses at twice it; we refuse at ours, before decoding.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            opened = Image.open(io.BytesIO(data), formats=formats)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _bomb(max_pixels) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise MediaRejected("The file could not be read as an image.") from None
        width, height = opened.size
        if width * height > max_pixels:
            raise MediaRejected(
                f"The image is {width}x{height} ({_mp(width * height)}); at most {_mp(max_pixels)} are accepted."
            )
        try:
            opened.load()
            oriented = ImageOps.exif_transpose(opened)
            return _to_srgb(oriented)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _bomb(max_pixels) from None
        except (OSError, ValueError, SyntaxError, EOFError):
            raise MediaRejected("The image is damaged and could not be decoded.") from None


def _to_srgb(picture: Image.Image) -> Image.Image:
    """Pixels only: colours converted to sRGB (the embedded profile is then dropped), alpha
    flattened onto white (JPEG has none), every ``info`` entry (EXIF, XMP, comments) left behind."""
    if picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        picture = flat
    icc = picture.info.get("icc_profile")
    if picture.mode == "CMYK" and not icc:
        picture = picture.convert("RGB")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(picture, source, _SRGB, outputMode="RGB")
            if converted is not None:
                picture = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are
    clean = picture.convert("RGB")  # a new image: ``info`` is not carried over by conversion
    clean.info = {}
    return clean


def _encode(picture: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "jpeg":
        picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        picture.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


def _bomb(max_pixels: int) -> MediaRejected:
    return MediaRejected(f"The image declares too many pixels; at most {_mp(max_pixels)} are accepted.")


def _mp(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0") + " megapixels"
