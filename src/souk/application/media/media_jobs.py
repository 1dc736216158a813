from __future__ import annotations

from souk.application.media.settings import PROCESS_IMAGE_JOB, PROCESS_VIDEO_JOB, MediaSettings
from souk.application.ports.job_queue import JobQueue, JobRequest
from souk.application.ports.media_jobs import MediaJobs
from souk.domain.media.values import MediaKind
from souk.domain.media.video_job import VideoJob


def job_request(job: VideoJob, settings: MediaSettings) -> JobRequest:
    """The queue entry that runs ``job``: one place for names, keys and limits."""
    if job.kind is MediaKind.IMAGE:
        name, timeout_s = PROCESS_IMAGE_JOB, int(settings.image_timeout_s) + 30
    else:
        name, timeout_s = PROCESS_VIDEO_JOB, settings.job_timeout_s
    return JobRequest(
        name,
        {"job_id": str(job.id)},
        key=f"{job.kind.value}:{job.id}",
        timeout_s=timeout_s,
        max_attempts=settings.job_max_attempts,
    )


class QueuedMediaJobs(MediaJobs):
    def __init__(self, queue: JobQueue, settings: MediaSettings) -> None:
        self._queue = queue
        self._settings = settings

    async def enqueue(self, job: VideoJob) -> None:
        await self._queue.enqueue(job_request(job, self._settings))
