"""A stored file someone uploaded, and the life of a video through processing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from souk.domain.media.errors import MediaAlreadyProcessed, MediaNotUploaded, MediaNotVideo
from souk.domain.media.values import EXTENSIONS, MediaKind, MediaStatus, VideoMetadata, VideoOutputs


def owner_prefix(owner_id: UUID) -> str:
    """Every key of an owner's media starts with this: upload policies pin it."""
    return f"media/{owner_id}/"


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
    ) -> Media:
        return cls(
            media_id, owner_id, kind, content_type, declared_size, filename[:255], MediaStatus.PENDING_UPLOAD, now, now
        )

    @property
    def prefix(self) -> str:
        return f"{owner_prefix(self.owner_id)}{self.id}/"

    @property
    def original_key(self) -> str:
        return f"{self.prefix}original.{EXTENSIONS.get(self.content_type, 'bin')}"

    def mark_uploaded(self, size_bytes: int, now: datetime) -> None:
        if self.status in (MediaStatus.PENDING_UPLOAD, MediaStatus.UPLOADED):
            self.status = MediaStatus.UPLOADED
            self.size_bytes = size_bytes
            self.updated_at = now

    def start_processing(self, now: datetime) -> None:
        if self.kind is not MediaKind.VIDEO:
            raise MediaNotVideo(f"Media {self.id} is an {self.kind.value}; only videos are processed.")
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

    def mark_failed(self, reason: str, now: datetime) -> None:
        self.status = MediaStatus.FAILED
        self.error = reason
        self.updated_at = now


def media_id_from_key(key: str) -> UUID | None:
    """The media a storage key belongs to (``media/<owner>/<media>/...``), if any."""
    parts = key.split("/")
    if len(parts) < 4 or parts[0] != "media":
        return None
    try:
        return UUID(parts[2])
    except ValueError:
        return None
