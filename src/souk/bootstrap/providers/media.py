"""Media use cases and their knobs (and re-running unfinished in-process jobs at start)."""

from __future__ import annotations

import logging

from dishka import AsyncContainer, Provider, Scope, provide

from souk.application.media.get_ready_video import GetReadyVideo
from souk.application.media.get_video_job import GetVideoJob
from souk.application.media.image_view import ReadyImages
from souk.application.media.media_jobs import QueuedMediaJobs
from souk.application.media.process_image import ProcessImage
from souk.application.media.process_video import ProcessVideo
from souk.application.media.read_original import ReadOriginal
from souk.application.media.read_stored_media import ReadStoredMedia
from souk.application.media.receive_upload import ReceiveUpload
from souk.application.media.request_upload_urls import RequestUploadUrls
from souk.application.media.request_video_processing import RequestImageProcessing, RequestVideoProcessing
from souk.application.media.resume_video_jobs import ResumeVideoJobs
from souk.application.media.settings import MediaSettings
from souk.application.ports.images import Images
from souk.application.ports.media_jobs import MediaJobs
from souk.bootstrap.scratch import remove_stale_scratch
from souk.bootstrap.settings import Settings

log = logging.getLogger("souk.media")


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


class MediaConfigProvider(Provider):
    scope = Scope.APP

    @provide
    def media_settings(self, settings: Settings) -> MediaSettings:
        return MediaSettings.for_transcode(settings.media_job_timeout_s)


class MediaUseCasesProvider(Provider):
    scope = Scope.REQUEST

    request_upload_urls = provide(RequestUploadUrls)
    receive_upload = provide(ReceiveUpload)
    request_processing = provide(RequestVideoProcessing)
    request_image_processing = provide(RequestImageProcessing)
    process_video = provide(ProcessVideo)
    process_image = provide(ProcessImage)
    read_original = provide(ReadOriginal)
    ready_images = provide(ReadyImages, provides=Images)
    get_video_job = provide(GetVideoJob)
    get_ready_video = provide(GetReadyVideo)
    read_stored_media = provide(ReadStoredMedia)
    resume_video_jobs = provide(ResumeVideoJobs)
    media_jobs = provide(QueuedMediaJobs, provides=MediaJobs)
