"""Going live: cut the followers into batches, one job each (see live_batch)."""

from __future__ import annotations

from uuid import UUID

from souk.application.notifications.live_batch import BATCH, LiveBatch
from souk.application.notifications.topics import LIVE_BATCH_JOB
from souk.application.ports.follower_ranges import FollowerRanges
from souk.application.ports.job_queue import JobQueue, JobRequest


class PlanLiveFanOut:
    batch_size = BATCH

    def __init__(self, ranges: FollowerRanges, jobs: JobQueue) -> None:
        self._ranges = ranges
        self._jobs = jobs

    async def __call__(self, live: LiveBatch) -> int:
        """How many batch jobs were enqueued."""
        cuts = await self._ranges.boundaries(live.seller_id, self.batch_size)
        starts: list[UUID | None] = [None, *cuts]
        ends: list[UUID | None] = [*cuts, None]
        for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
            batch = LiveBatch(live.event_id, live.stream_id, live.seller_id, live.title, start, end)
            key = f"live-batch:{live.event_id}:{index}:{start}"
            await self._jobs.enqueue(JobRequest(LIVE_BATCH_JOB, batch.payload(), key=key, timeout_s=300))
        return len(starts)
