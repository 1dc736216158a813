from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from souk.application.media.get_video_job import VideoJobView
from souk.application.media.request_upload_urls import UploadTicket
from souk.application.ports.images import ImageView
from souk.domain.media.values import FileDeclaration, VideoMetadata
from souk.entrypoints.http.schemas.common import Body
from souk.entrypoints.wire.media import ImageOut as ImageOut
from souk.entrypoints.wire.media import ImageVariantOut as ImageVariantOut


class UploadFileIn(Body):
    content_type: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    size_bytes: Annotated[int, msgspec.Meta(ge=1)]
    filename: Annotated[str, msgspec.Meta(max_length=255)] = ""

    def to_declaration(self) -> FileDeclaration:
        return FileDeclaration(self.content_type.strip().lower(), self.size_bytes, self.filename)


class UploadUrlsIn(Body):
    """Declare the files to upload; each gets its own signed URL (images ≤ 10 per request,
    ≤ 10 MB each; one video ≤ 500 MB). Limits are answered with stable codes."""

    kind: Literal["image", "video"]
    files: Annotated[list[UploadFileIn], msgspec.Meta(min_length=1, max_length=100)]


class UploadOut(msgspec.Struct):
    media_id: UUID
    method: str
    url: str
    fields: dict[str, str] | None
    headers: dict[str, str] | None
    expires_at: datetime

    @classmethod
    def of(cls, ticket: UploadTicket) -> UploadOut:
        target = ticket.target
        return cls(
            ticket.media_id,
            target.method,
            target.url,
            dict(target.fields) or None,
            dict(target.headers) or None,
            target.expires_at,
        )


class UploadUrlsOut(msgspec.Struct):
    uploads: list[UploadOut]


class ProcessVideoIn(Body):
    media_id: UUID


class ProcessImageIn(Body):
    """Which of your uploaded images to process."""

    media_id: UUID


class AvatarOut(msgspec.Struct):
    """A user's avatar: the main image's URL and its size variants (re-encoded, no metadata)."""

    url: str
    variants: dict[str, ImageVariantOut]

    @classmethod
    def of(cls, view: ImageView) -> AvatarOut:
        image = ImageOut.of(view)
        return cls(image.url, image.variants)


class JobIdOut(msgspec.Struct):
    job_id: UUID


class VideoOutputsOut(msgspec.Struct):
    hls_url: str
    dash_url: str
    thumbnail_url: str


class VideoMetadataOut(msgspec.Struct):
    duration_s: float
    width: int
    height: int
    bitrate: int | None
    video_codec: str
    audio_codec: str | None

    @classmethod
    def of(cls, m: VideoMetadata) -> VideoMetadataOut:
        return cls(m.duration_s, m.width, m.height, m.bitrate, m.video_codec, m.audio_codec)


class JobStatusOut(msgspec.Struct):
    job_id: UUID
    media_id: UUID
    status: str
    progress: float
    attempts: int
    error: str | None
    outputs: VideoOutputsOut | None
    metadata: VideoMetadataOut | None
    image: ImageOut | None = None

    @classmethod
    def of(cls, view: VideoJobView) -> JobStatusOut:
        job = view.job
        urls = view.urls
        return cls(
            job_id=job.id,
            media_id=job.media_id,
            status=job.status.value,
            progress=round(job.progress, 4),
            attempts=job.attempts,
            error=job.error,
            outputs=VideoOutputsOut(urls.hls_url, urls.dash_url, urls.thumbnail_url) if urls else None,
            metadata=VideoMetadataOut.of(job.metadata) if job.metadata else None,
            image=ImageOut.of(view.image) if view.image else None,
        )
