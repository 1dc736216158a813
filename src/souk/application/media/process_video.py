from __future__ import annotations

import asyncio
import mimetypes
import time
from pathlib import Path
from uuid import UUID

from souk.application.media.job_records import JobRecords
from souk.application.media.settings import MediaSettings
from souk.application.media.verify_upload import verify_upload
from souk.application.ports.blob_store import BlobStore
from souk.application.ports.job_queue import JobAttempt
from souk.application.ports.media_repository import MediaRepository
from souk.application.ports.scratch_space import ScratchSpace
from souk.application.ports.transcoder import Transcoder
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.video_job_repository import VideoJobRepository
from souk.application.shared.clock import Clock
from souk.domain.media.errors import MediaRejected
from souk.domain.media.media import Media
from souk.domain.media.values import VideoMetadata, VideoOutputs
from souk.domain.media.video_job import VideoJob

CONTENT_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".mpd": "application/dash+xml",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
    ".jpg": "image/jpeg",
}
SCRATCH_PURPOSE = "video"  # names the job's scratch directories (and their stale sweep)
TRANSCODE_SHARE = 0.9  # of the progress bar; uploading the outputs is the rest


class ProcessVideo:
    """The background job: verify what was really uploaded, probe it, transcode it into
    HLS + DASH + a thumbnail, store the outputs, and record the result in plain words."""

    def __init__(
        self,
        uow: UnitOfWork,
        media: MediaRepository,
        jobs: VideoJobRepository,
        blobs: BlobStore,
        transcoder: Transcoder,
        clock: Clock,
        settings: MediaSettings,
        scratch: ScratchSpace,
    ) -> None:
        self._uow = uow
        self._media = media
        self._jobs = jobs
        self._blobs = blobs
        self._transcoder = transcoder
        self._clock = clock
        self._settings = settings
        self._scratch = scratch
        self._records = JobRecords(uow, media, jobs, clock, scratch)

    async def __call__(self, job_id: UUID, attempt: JobAttempt) -> None:
        job = await self._jobs.get(job_id)
        media = await self._media.get(job.media_id) if job else None
        if job is None or media is None or job.finished:
            return
        job.start(self._clock.now())
        await self._save(job)
        try:
            async with asyncio.timeout(self._settings.processing_timeout_s):
                metadata, outputs = await self._process(media, job)
        except MediaRejected as exc:
            await self._fail(job, media, exc.reason)
            return
        except Exception as exc:
            reason = plain_reason(exc) if not isinstance(exc, TimeoutError) else self._too_long()
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
        job.succeed(metadata, outputs, now)
        media.mark_ready(metadata, outputs, now)
        await self._media.save(media)
        await self._save(job)

    async def _process(self, media: Media, job: VideoJob) -> tuple[VideoMetadata, VideoOutputs]:
        content_type, _ = await verify_upload(self._blobs, media)
        with self._scratch.directory(SCRATCH_PURPOSE) as scratch:
            source = scratch / "source"
            await self._blobs.download(media.original_key, source)
            metadata = await self._transcoder.probe(source, content_type)
            self._check_limits(metadata)
            last_saved = [0.0]

            async def on_progress(fraction: float) -> None:
                if time.monotonic() - last_saved[0] >= 0.5:
                    last_saved[0] = time.monotonic()
                    job.advance(fraction * TRANSCODE_SHARE, self._clock.now())
                    await self._save(job)

            output_dir = scratch / "out"
            output_dir.mkdir()
            result = await self._transcoder.transcode(source, content_type, metadata, output_dir, on_progress)
            base = f"{media.prefix}stream/"
            for index, name in enumerate(result.files, start=1):
                await self._blobs.upload_file(base + name, output_dir / name, _content_type(name))
                await on_progress(1.0 + (index / len(result.files)) * (1 - TRANSCODE_SHARE) / TRANSCODE_SHARE)
        return metadata, VideoOutputs(base + result.hls_master, base + result.dash_manifest, base + result.thumbnail)

    def _too_long(self) -> str:
        return f"it took longer than {self._settings.processing_timeout_s:.0f} s"

    def _check_limits(self, metadata: VideoMetadata) -> None:
        limit = self._settings.max_dimension
        if metadata.width > limit or metadata.height > limit:
            raise MediaRejected(
                f"The video is {metadata.width}x{metadata.height}; at most {limit} pixels a side are accepted."
            )
        if metadata.duration_s > self._settings.max_duration_s:
            limit_s = self._settings.max_duration_s
            raise MediaRejected(f"The video lasts {metadata.duration_s:.0f} s; at most {limit_s:.0f} s are accepted.")

    async def _fail(self, job: VideoJob, media: Media, reason: str) -> None:
        await self._records.fail(job, media, reason)

    async def _save(self, job: VideoJob) -> None:
        await self._records.save(job)


def _content_type(name: str) -> str:
    suffix = Path(name).suffix
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def plain_reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
