from __future__ import annotations

from uuid import UUID

from souk.application.media.media_jobs import job_request
from souk.application.media.settings import MediaSettings
from souk.application.ports.blob_store import BlobStore
from souk.application.ports.job_queue import JobQueue
from souk.application.ports.media_repository import MediaRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.video_job_repository import VideoJobRepository
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.domain.media.errors import MediaNotFound
from souk.domain.media.values import MediaKind, MediaStatus
from souk.domain.media.video_job import VideoJob


class RequestVideoProcessing:
    """Queue the processing of one's own uploaded video; returns the job id to poll."""

    kind = MediaKind.VIDEO

    def __init__(
        self,
        uow: UnitOfWork,
        media: MediaRepository,
        jobs: VideoJobRepository,
        blobs: BlobStore,
        queue: JobQueue,
        clock: Clock,
        ids: Ids,
        settings: MediaSettings,
    ) -> None:
        self._uow = uow
        self._media = media
        self._jobs = jobs
        self._blobs = blobs
        self._queue = queue
        self._clock = clock
        self._ids = ids
        self._settings = settings

    async def __call__(self, owner_id: UUID, media_id: UUID) -> UUID:
        media = await self._media.get(media_id)
        if media is None or media.owner_id != owner_id:
            raise MediaNotFound()
        now = self._clock.now()
        if media.status is MediaStatus.PENDING_UPLOAD:
            # Direct-to-S3 uploads do not call us back: look whether the object arrived.
            info = await self._blobs.head(media.original_key)
            if info is not None:
                media.mark_uploaded(info.size, now)
        media.start_processing(now, self.kind)
        job = VideoJob.queued(self._ids.new(), media.id, owner_id, now, self.kind)
        await self._media.save(media)
        await self._jobs.add(job)
        await self._uow.commit()
        try:
            await self._queue.enqueue(job_request(job, self._settings))
        except Exception:
            # Leave nothing stuck in 'processing': the owner may simply ask again.
            reason = "The job could not be queued; try again."
            job.fail(reason, self._clock.now())
            media.mark_failed(reason, self._clock.now())
            await self._jobs.save(job)
            await self._media.save(media)
            await self._uow.commit()
            raise
        return job.id


class RequestImageProcessing(RequestVideoProcessing):
    """Queue the processing of one's own uploaded image (variants without metadata)."""

    kind = MediaKind.IMAGE
