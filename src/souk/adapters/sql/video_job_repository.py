from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update

from souk.adapters.media_codec import metadata_from_json, metadata_to_json, outputs_from_json, outputs_to_json
from souk.adapters.sql.tables import video_jobs
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.video_job_repository import VideoJobRepository
from souk.domain.media.values import MediaKind
from souk.domain.media.video_job import JobStatus, VideoJob


class SqlVideoJobRepository(VideoJobRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def add(self, job: VideoJob) -> None:
        conn = await self._uow.connection()
        await conn.execute(insert(video_jobs).values(**_to_row(job)))

    async def get(self, job_id: UUID) -> VideoJob | None:
        conn = await self._uow.connection()
        row = (await conn.execute(select(video_jobs).where(video_jobs.c.id == job_id))).mappings().one_or_none()
        return _to_entity(row) if row else None

    async def save(self, job: VideoJob) -> None:
        conn = await self._uow.connection()
        row = _to_row(job)
        row.pop("id")
        await conn.execute(update(video_jobs).where(video_jobs.c.id == job.id).values(**row))

    async def unfinished(self, limit: int) -> list[VideoJob]:
        conn = await self._uow.connection()
        query = (
            select(video_jobs)
            .where(video_jobs.c.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value]))
            .order_by(video_jobs.c.created_at)
            .limit(limit)
        )
        return [_to_entity(row) for row in (await conn.execute(query)).mappings()]


def _to_row(job: VideoJob) -> dict[str, Any]:
    return {
        "id": job.id,
        "media_id": job.media_id,
        "owner_id": job.owner_id,
        "status": job.status.value,
        "progress": job.progress,
        "attempts": job.attempts,
        "error": job.error,
        "metadata": metadata_to_json(job.metadata),
        "outputs": outputs_to_json(job.outputs),
        "created_at": job.created_at,
        "updated_at": job.updated_at,
        "kind": job.kind.value,
    }


def _to_entity(row: Any) -> VideoJob:
    return VideoJob(
        id=row["id"],
        media_id=row["media_id"],
        owner_id=row["owner_id"],
        status=JobStatus(row["status"]),
        progress=row["progress"],
        attempts=row["attempts"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        error=row["error"],
        metadata=metadata_from_json(row["metadata"]),
        outputs=outputs_from_json(row["outputs"]),
        kind=MediaKind(row["kind"] or MediaKind.VIDEO.value),
    )
