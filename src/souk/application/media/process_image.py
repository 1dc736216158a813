from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from uuid import UUID

from souk.application.media.job_records import JobRecords
from souk.application.media.process_video import plain_reason
from souk.application.media.settings import MediaSettings
from souk.application.media.verify_upload import verify_upload
from souk.application.ports.blob_store import BlobStore
from souk.application.ports.image_codec import ImageCodec
from souk.application.ports.job_queue import JobAttempt
from souk.application.ports.media_repository import MediaRepository
from souk.application.ports.scratch_space import ScratchSpace
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.video_job_repository import VideoJobRepository
from souk.application.shared.clock import Clock
from souk.domain.media.errors import MediaRejected
from souk.domain.media.media import Media
from souk.domain.media.values import IMAGE_FORMATS, IMAGE_SIZES, MAX_IMAGE_PIXELS, ImageOutputs, ImageVariant
from souk.domain.media.video_job import VideoJob

EXTENSIONS = {"jpeg": "jpg", "webp": "webp"}


class ProcessImage:
    """The background job for an image: verify what was really uploaded, decode it (at most
    50 megapixels), and store size variants re-encoded from pixels alone at stable public
    keys. The original stays private. Images are small (≤ 10 MB), so they are read into
    memory: no scratch files."""

    def __init__(
        self,
        uow: UnitOfWork,
        media: MediaRepository,
        jobs: VideoJobRepository,
        blobs: BlobStore,
        codec: ImageCodec,
        clock: Clock,
        settings: MediaSettings,
        scratch: ScratchSpace,
    ) -> None:
        self._uow = uow
        self._media = media
        self._jobs = jobs
        self._blobs = blobs
        self._codec = codec
        self._clock = clock
        self._settings = settings
        self._scratch = scratch  # no files of its own, but an error may name a worker's scratch path
        self._records = JobRecords(uow, media, jobs, clock, scratch)

    async def __call__(self, job_id: UUID, attempt: JobAttempt) -> None:
        job = await self._jobs.get(job_id)
        media = await self._media.get(job.media_id) if job else None
        if job is None or media is None or job.finished:
            return
        job.start(self._clock.now())
        await self._save(job)
        try:
            async with asyncio.timeout(self._settings.image_timeout_s):
                image = await self._process(media)
        except MediaRejected as exc:
            await self._fail(job, media, exc.reason)
            return
        except Exception as exc:
            limit = self._settings.image_timeout_s
            reason = f"it took longer than {limit:.0f} s" if isinstance(exc, TimeoutError) else plain_reason(exc)
            if attempt.last:
                await self._fail(job, media, f"Processing failed after {attempt.number} attempts: {reason}")
                return
            job.retry_later(
                self._scratch.hides_paths(f"Attempt {attempt.number} failed ({reason}); it will be retried."),
                self._clock.now(),
            )
            await self._save(job)
            raise
        now = self._clock.now()
        job.succeed_image(now)
        media.mark_image_ready(image, now)
        await self._media.save(media)
        await self._save(job)

    async def _process(self, media: Media) -> ImageOutputs:
        content_type, info = await verify_upload(self._blobs, media)
        data = await self._blobs.read_prefix(media.original_key, info.size)
        rendered = await asyncio.to_thread(
            self._codec.render, data, content_type, IMAGE_SIZES, IMAGE_FORMATS, MAX_IMAGE_PIXELS
        )
        variants = []
        for image in rendered:
            key = f"{media.prefix}image/{image.size}.{EXTENSIONS[image.format]}"
            await self._blobs.write_stream(key, _once(image.data), image.content_type)
            variants.append(ImageVariant(image.size, image.format, key, image.width, image.height))
        largest = max(variants, key=lambda v: v.size)
        return ImageOutputs(largest.width, largest.height, tuple(variants))

    async def _fail(self, job: VideoJob, media: Media, reason: str) -> None:
        await self._records.fail(job, media, reason)

    async def _save(self, job: VideoJob) -> None:
        await self._records.save(job)


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data
