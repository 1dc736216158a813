from __future__ import annotations

from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.video_job_repository import VideoJobRepository
from souk.domain.media.video_job import VideoJob


class InMemoryVideoJobRepository(VideoJobRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    @property
    def _rows(self) -> dict[UUID, VideoJob]:
        """Looked up each time: a rollback may replace the store's tables."""
        return self._uow.store.table("video_jobs")

    async def add(self, job: VideoJob) -> None:
        self._uow.before_write()
        self._rows[job.id] = clone(job)

    async def get(self, job_id: UUID) -> VideoJob | None:
        job = self._rows.get(job_id)
        return clone(job) if job else None

    async def save(self, job: VideoJob) -> None:
        self._uow.before_write()
        self._rows[job.id] = clone(job)

    async def unfinished(self, limit: int) -> list[VideoJob]:
        jobs = sorted((j for j in self._rows.values() if not j.finished), key=lambda j: j.created_at)
        return [clone(j) for j in jobs[:limit]]
