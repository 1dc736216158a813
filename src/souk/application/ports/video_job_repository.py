from __future__ import annotations

from typing import Protocol
from uuid import UUID

from souk.domain.media.video_job import VideoJob


class VideoJobRepository(Protocol):
    async def add(self, job: VideoJob) -> None: ...

    async def get(self, job_id: UUID) -> VideoJob | None: ...

    async def save(self, job: VideoJob) -> None: ...

    async def unfinished(self, limit: int) -> list[VideoJob]:
        """Queued or running jobs, oldest first."""
        ...
