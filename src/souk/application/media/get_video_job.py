from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.media.image_view import image_view
from souk.application.ports.blob_store import BlobStore
from souk.application.ports.images import ImageView
from souk.application.ports.media_repository import MediaRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.video_job_repository import VideoJobRepository
from souk.domain.media.errors import VideoJobNotFound
from souk.domain.media.values import MediaKind, VideoOutputs
from souk.domain.media.video_job import JobStatus, VideoJob


@dataclass(frozen=True, slots=True)
class VideoUrls:
    hls_url: str
    dash_url: str
    thumbnail_url: str

    @classmethod
    def of(cls, outputs: VideoOutputs, blobs: BlobStore) -> VideoUrls:
        return cls(
            blobs.public_url(outputs.hls_key),
            blobs.public_url(outputs.dash_key),
            blobs.public_url(outputs.thumbnail_key),
        )


@dataclass(frozen=True, slots=True)
class VideoJobView:
    job: VideoJob
    urls: VideoUrls | None
    image: ImageView | None = None


class GetVideoJob:
    """A processing job's status, for its owner only (anyone else learns nothing: 404)."""

    def __init__(self, uow: UnitOfWork, jobs: VideoJobRepository, media: MediaRepository, blobs: BlobStore) -> None:
        self._uow = uow
        self._jobs = jobs
        self._media = media
        self._blobs = blobs

    async def __call__(self, owner_id: UUID, job_id: UUID) -> VideoJobView:
        job = await self._jobs.get(job_id)
        if job is None or job.owner_id != owner_id:
            await self._uow.rollback()
            raise VideoJobNotFound()
        image = None
        if job.kind is MediaKind.IMAGE and job.status is JobStatus.SUCCEEDED:
            media = await self._media.get(job.media_id)
            image = image_view(media, self._blobs) if media else None
        await self._uow.rollback()
        return VideoJobView(job, VideoUrls.of(job.outputs, self._blobs) if job.outputs else None, image)
