"""A stored file someone uploaded, and the life of a video through processing."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from souk.domain.media.errors import MediaAlreadyProcessed, MediaNotUploaded, MediaNotVideo, MediaWrongKind
from souk.domain.media.values import (
    EXTENSIONS,
    ImageOutputs,
    MediaKind,
    MediaStatus,
    VideoMetadata,
    VideoOutputs,
)

PUBLIC_ROOT = "media"  # what processing made for everyone to see: variants, HLS, thumbnails
PRIVATE_ROOT = "originals"  # what people uploaded: never served publicly


def is_private(key: str) -> bool:
    """Whether a storage key holds an upload, which no public URL may reach."""
    return key.startswith(f"{PRIVATE_ROOT}/")


def owner_prefix(owner_id: UUID) -> str:
    """Every key of an owner's public media starts with this."""
    return f"{PUBLIC_ROOT}/{owner_id}/"


def originals_prefix(owner_id: UUID) -> str:
    """Every key of an owner's uploads starts with this: upload policies pin it."""
    return f"{PRIVATE_ROOT}/{owner_id}/"


@dataclass
class Media:
    id: UUID
    owner_id: UUID
    kind: MediaKind
    content_type: str
    declared_size: int
    filename: str
    status: MediaStatus
    created_at: datetime
    updated_at: datetime
    size_bytes: int | None = None
    metadata: VideoMetadata | None = None
    outputs: VideoOutputs | None = None
    error: str | None = None
    image: ImageOutputs | None = None
    stored_original_key: str | None = None  # None: a row from before originals were private

    @classmethod
    def pending(
        cls,
        media_id: UUID,
        owner_id: UUID,
        kind: MediaKind,
        content_type: str,
        declared_size: int,
        filename: str,
        now: datetime,
        nonce: str | None = None,
    ) -> Media:
        """The upload's key holds a random part (``nonce``, 128 bits unless given): no one can
        guess it from the owner and media ids that public URLs show."""
        nonce = nonce or secrets.token_urlsafe(16)
        original = f"{originals_prefix(owner_id)}{media_id}/{nonce}.{EXTENSIONS.get(content_type, 'bin')}"
        return cls(
            media_id,
            owner_id,
            kind,
            content_type,
            declared_size,
            filename[:255],
            MediaStatus.PENDING_UPLOAD,
            now,
            now,
            stored_original_key=original,
        )

    @property
    def prefix(self) -> str:
        """Where this media's public outputs live."""
        return f"{owner_prefix(self.owner_id)}{self.id}/"

    @property
    def original_key(self) -> str:
        """The upload itself: private (see ``PRIVATE_ROOT``); older rows kept it beside the outputs."""
        if self.stored_original_key:
            return self.stored_original_key
        return f"{self.prefix}original.{EXTENSIONS.get(self.content_type, 'bin')}"

    def mark_uploaded(self, size_bytes: int, now: datetime) -> None:
        if self.status in (MediaStatus.PENDING_UPLOAD, MediaStatus.UPLOADED):
            self.status = MediaStatus.UPLOADED
            self.size_bytes = size_bytes
            self.updated_at = now

    def start_processing(self, now: datetime, kind: MediaKind = MediaKind.VIDEO) -> None:
        if self.kind is not kind:
            if kind is MediaKind.VIDEO:
                raise MediaNotVideo(f"Media {self.id} is an {self.kind.value}; only videos are processed here.")
            raise MediaWrongKind(f"Media {self.id} is a {self.kind.value}, not an {kind.value}.")
        if self.status is MediaStatus.PENDING_UPLOAD:
            raise MediaNotUploaded(f"Media {self.id} has not been uploaded yet; upload it first.")
        if self.status in (MediaStatus.PROCESSING, MediaStatus.READY):
            raise MediaAlreadyProcessed(f"Media {self.id} is already {self.status.value}.")
        self.status = MediaStatus.PROCESSING
        self.error = None
        self.updated_at = now

    def mark_ready(self, metadata: VideoMetadata, outputs: VideoOutputs, now: datetime) -> None:
        self.status = MediaStatus.READY
        self.metadata = metadata
        self.outputs = outputs
        self.error = None
        self.updated_at = now

    def mark_image_ready(self, image: ImageOutputs, now: datetime) -> None:
        self.status = MediaStatus.READY
        self.image = image
        self.error = None
        self.updated_at = now

    @property
    def ready_image(self) -> ImageOutputs | None:
        """The processed variants of a ready image, else ``None``."""
        if self.kind is MediaKind.IMAGE and self.status is MediaStatus.READY:
            return self.image
        return None

    def mark_failed(self, reason: str, now: datetime) -> None:
        self.status = MediaStatus.FAILED
        self.error = reason
        self.updated_at = now


def media_id_from_key(key: str) -> UUID | None:
    """The media a storage key belongs to (``originals|media/<owner>/<media>/...``), if any."""
    parts = key.split("/")
    if len(parts) < 4 or parts[0] not in (PUBLIC_ROOT, PRIVATE_ROOT):
        return None
    try:
        return UUID(parts[2])
    except ValueError:
        return None
