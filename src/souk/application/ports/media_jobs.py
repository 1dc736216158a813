from __future__ import annotations

from typing import Protocol

from souk.domain.media.video_job import VideoJob


class MediaJobs(Protocol):
    """Media's processing queue as other features see it (a stream's recording becomes a
    video): the job's name, key and limits are media's business."""

    async def enqueue(self, job: VideoJob) -> None:
        """Queue ``job`` (already stored); raises when the queue is unavailable."""
        ...
