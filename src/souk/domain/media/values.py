"""What may be uploaded: kinds, content types, and the limits of each kind."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class MediaKind(StrEnum):
    IMAGE = "image"
    VIDEO = "video"


class MediaStatus(StrEnum):
    PENDING_UPLOAD = "pending_upload"
    UPLOADED = "uploaded"
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class KindLimits:
    content_types: frozenset[str]
    max_bytes: int
    max_files: int


MB = 1024 * 1024

LIMITS: dict[MediaKind, KindLimits] = {
    MediaKind.IMAGE: KindLimits(frozenset({"image/jpeg", "image/png", "image/webp", "image/heic"}), 10 * MB, 10),
    MediaKind.VIDEO: KindLimits(frozenset({"video/mp4", "video/quicktime", "video/webm"}), 500 * MB, 1),
}

# Images: decoded at most this big (a 10 MB file can declare a picture of billions of pixels),
# and served as these sizes (longest side, never upscaled) in both formats.
MAX_IMAGE_PIXELS = 50_000_000
IMAGE_SIZES = (320, 640, 1280)
IMAGE_FORMATS = ("jpeg", "webp")

EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/heic": "heic",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
}

# Container families: an upload declared as one type may really be a close cousin
# (an iPhone .mov is ISO-BMFF like .mp4); what matters is that the decoder we force fits.
FAMILY = {
    "video/mp4": "isobmff",
    "video/quicktime": "isobmff",
    "video/webm": "matroska",
    "image/jpeg": "jpeg",
    "image/png": "png",
    "image/webp": "webp",
    "image/heic": "isobmff-image",
}


@dataclass(frozen=True, slots=True)
class FileDeclaration:
    content_type: str
    size_bytes: int
    filename: str


@dataclass(frozen=True, slots=True)
class VideoMetadata:
    duration_s: float
    width: int
    height: int
    bitrate: int | None
    video_codec: str
    audio_codec: str | None

    @property
    def short_side(self) -> int:
        return min(self.width, self.height)


@dataclass(frozen=True, slots=True)
class VideoOutputs:
    """Storage keys of what processing produced."""

    hls_key: str
    dash_key: str
    thumbnail_key: str


@dataclass(frozen=True, slots=True)
class ImageVariant:
    """One stored rendition of a processed image."""

    size: int  # the longest-side bound it was made for (320, 640, 1280)
    format: str  # "jpeg" or "webp"
    key: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class ImageOutputs:
    """What processing made of an image: variants without metadata, at stable keys."""

    width: int  # of the largest variant, orientation applied
    height: int
    variants: tuple[ImageVariant, ...]

    @property
    def main(self) -> ImageVariant:
        """The largest JPEG: what a client that knows nothing else shows."""
        jpegs = [v for v in self.variants if v.format == "jpeg"]
        return max(jpegs or self.variants, key=lambda v: v.size)
