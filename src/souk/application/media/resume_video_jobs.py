from __future__ import annotations

from souk.application.media.media_jobs import job_request
from souk.application.media.settings import MediaSettings
from souk.application.ports.job_queue import JobQueue
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.video_job_repository import VideoJobRepository


class ResumeVideoJobs:
    """Queue again the jobs a stopped process left unfinished (the embedded runner keeps its
    queue in memory; the jobs' status rows are durable). Returns how many were queued."""

    def __init__(self, uow: UnitOfWork, jobs: VideoJobRepository, queue: JobQueue, settings: MediaSettings) -> None:
        self._uow = uow
        self._jobs = jobs
        self._queue = queue
        self._settings = settings

    async def __call__(self, limit: int = 1000) -> int:
        pending = await self._jobs.unfinished(limit)
        await self._uow.rollback()
        for job in pending:
            await self._queue.enqueue(job_request(job, self._settings))
        return len(pending)
