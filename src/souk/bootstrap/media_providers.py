"""dishka providers of the media feature: storage, transcoder, job queue, use cases."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator
from dataclasses import replace

from dishka import AsyncContainer, Provider, Scope, provide
from redis.exceptions import RedisError
from saq import Queue

from souk.adapters.ffmpeg.binaries import locate_binaries
from souk.adapters.ffmpeg.transcoder import FfmpegLimits, FfmpegTranscoder
from souk.adapters.inprocess.job_queue import InProcessJobQueue
from souk.adapters.jobs.metrics import MeasuredJobDispatcher
from souk.adapters.localdisk.blob_store import LocalDiskBlobStore
from souk.adapters.memory.media_repository import InMemoryMediaRepository
from souk.adapters.memory.video_job_repository import InMemoryVideoJobRepository
from souk.adapters.s3.blob_store import S3BlobStore, S3Config
from souk.adapters.saq.job_queue import SaqJobQueue
from souk.adapters.security.hmac_upload_signer import HmacUploadSigner
from souk.adapters.sql.media_repository import SqlMediaRepository
from souk.adapters.sql.video_job_repository import SqlVideoJobRepository
from souk.application.media.get_ready_video import GetReadyVideo
from souk.application.media.get_video_job import GetVideoJob
from souk.application.media.process_video import ProcessVideo
from souk.application.media.read_stored_media import ReadStoredMedia
from souk.application.media.receive_upload import ReceiveUpload
from souk.application.media.request_upload_urls import RequestUploadUrls
from souk.application.media.request_video_processing import RequestVideoProcessing
from souk.application.media.resume_video_jobs import ResumeVideoJobs
from souk.application.media.settings import MediaSettings
from souk.application.ports.blob_store import BlobStore
from souk.application.ports.job_handler import JobDispatcher
from souk.application.ports.job_queue import JobQueue
from souk.application.ports.media_repository import MediaRepository
from souk.application.ports.transcoder import Transcoder
from souk.application.ports.upload_signer import UploadSigner
from souk.application.ports.video_job_repository import VideoJobRepository
from souk.bootstrap.jobs import ContainerJobDispatcher
from souk.bootstrap.scratch import remove_stale_scratch
from souk.bootstrap.settings import Settings

SAQ_QUEUE_NAME = "souk"
log = logging.getLogger("souk.media")


def s3_config(settings: Settings) -> S3Config:
    assert settings.s3_bucket
    return S3Config(
        bucket=settings.s3_bucket,
        endpoint_url=settings.s3_endpoint_url,
        region=settings.s3_region,
        access_key_id=settings.s3_access_key_id,
        secret_access_key=settings.s3_secret_access_key,
        path_style=settings.s3_path_style,
        public_url=settings.s3_public_url,
    )


class MediaInfrastructureProvider(Provider):
    scope = Scope.APP

    @provide
    def media_settings(self, settings: Settings) -> MediaSettings:
        # FFmpeg's own limit fires first, then the job's, then the queue's: each leaves a reason.
        return replace(
            MediaSettings(),
            processing_timeout_s=settings.media_job_timeout_s + 30,
            job_timeout_s=settings.media_job_timeout_s + 60,
        )

    @provide
    def upload_signer(self, settings: Settings) -> UploadSigner:
        return HmacUploadSigner(hashlib.sha256(b"souk-upload:" + settings.jwt_secret.encode()).digest())

    @provide
    def blob_store(self, settings: Settings, signer: UploadSigner) -> BlobStore:
        if settings.s3_bucket:
            return S3BlobStore(s3_config(settings))
        return LocalDiskBlobStore(settings.data_dir / "media", signer, settings.public_base_url)

    @provide
    def transcoder(self, settings: Settings) -> Transcoder:
        limits = FfmpegLimits(
            timeout_s=settings.media_job_timeout_s,
            max_output_bytes=settings.media_max_output_mb * 1024 * 1024,
            threads=settings.ffmpeg_threads,
        )
        return FfmpegTranscoder(locate_binaries(settings.ffmpeg, settings.ffprobe), limits)

    @provide
    def dispatcher(self, container: AsyncContainer) -> JobDispatcher:
        return MeasuredJobDispatcher(ContainerJobDispatcher(container))

    @provide
    async def saq_queue(self, settings: Settings) -> AsyncIterator[Queue | None]:
        if settings.redis_url is None:
            yield None
            return
        queue = Queue.from_url(settings.redis_url, name=SAQ_QUEUE_NAME)
        await queue.connect()
        yield queue
        try:
            await queue.disconnect()
        except RedisError:  # Redis is away at shutdown: nothing to hand back, the process ends anyway
            log.warning("jobs.queue_disconnect_failed", exc_info=True)

    @provide
    async def job_queue(
        self, saq: Queue | None, dispatcher: JobDispatcher, settings: Settings
    ) -> AsyncIterator[JobQueue]:
        """Redis configured: jobs go to ``souk worker`` processes. Otherwise in-process."""
        if saq is not None:
            yield SaqJobQueue(saq, settings.job_heartbeat_s)
            return
        runner = InProcessJobQueue(dispatcher)
        yield runner
        await runner.close()


class MediaUseCasesProvider(Provider):
    scope = Scope.REQUEST

    request_upload_urls = provide(RequestUploadUrls)
    receive_upload = provide(ReceiveUpload)
    request_processing = provide(RequestVideoProcessing)
    process_video = provide(ProcessVideo)
    get_video_job = provide(GetVideoJob)
    get_ready_video = provide(GetReadyVideo)
    read_stored_media = provide(ReadStoredMedia)
    resume_video_jobs = provide(ResumeVideoJobs)


class SqlMediaPersistenceProvider(Provider):
    scope = Scope.REQUEST

    media = provide(SqlMediaRepository, provides=MediaRepository)
    video_jobs = provide(SqlVideoJobRepository, provides=VideoJobRepository)


class MemoryMediaPersistenceProvider(Provider):
    scope = Scope.REQUEST

    media = provide(InMemoryMediaRepository, provides=MediaRepository)
    video_jobs = provide(InMemoryVideoJobRepository, provides=VideoJobRepository)


def media_providers(*, in_memory: bool = False) -> list[Provider]:
    persistence = MemoryMediaPersistenceProvider() if in_memory else SqlMediaPersistenceProvider()
    return [MediaInfrastructureProvider(), MediaUseCasesProvider(), persistence]


async def resume_in_process_jobs(container: AsyncContainer) -> None:
    """At start-up of the embedded deployment: jobs a previous run left unfinished run again.
    (With Redis, SAQ keeps its queue and ``souk worker`` retries them itself.)"""
    settings = await container.get(Settings)
    if settings.redis_url is not None:
        return
    remove_stale_scratch(max_age_s=2 * settings.media_job_timeout_s)
    try:
        async with container() as request:
            resumed = await (await request.get(ResumeVideoJobs))()
    except Exception:  # never keep the server from starting
        log.exception("media.resume_failed")
        return
    if resumed:
        log.info("media.jobs_resumed", extra={"count": resumed})
