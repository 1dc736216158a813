"""How a media job (video or image) records its progress and its failure: one place for both."""

from __future__ import annotations

from souk.application.ports.media_repository import MediaRepository
from souk.application.ports.scratch_space import ScratchSpace
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.video_job_repository import VideoJobRepository
from souk.application.shared.clock import Clock
from souk.domain.media.media import Media
from souk.domain.media.video_job import VideoJob


class JobRecords:
    def __init__(
        self, uow: UnitOfWork, media: MediaRepository, jobs: VideoJobRepository, clock: Clock, scratch: ScratchSpace
    ) -> None:
        self._uow = uow
        self._media = media
        self._jobs = jobs
        self._clock = clock
        self._scratch = scratch

    async def fail(self, job: VideoJob, media: Media, reason: str) -> None:
        """The job and its media fail with ``reason``, scratch paths removed (owners read it)."""
        now = self._clock.now()
        reason = self._scratch.hides_paths(reason)
        job.fail(reason, now)
        media.mark_failed(reason, now)
        await self._media.save(media)
        await self.save(job)

    async def save(self, job: VideoJob) -> None:
        await self._jobs.save(job)
        await self._uow.commit()
