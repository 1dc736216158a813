"""Going live: work out whom to tell, cut each group into batches, one job each (see live_batch)."""

from __future__ import annotations

from uuid import UUID

from souk.application.notifications.live_batch import BATCH, LiveBatch, LivePlan
from souk.application.notifications.topics import LIVE_BATCH_JOB
from souk.application.ports.audience_directory import AudienceDirectory
from souk.application.ports.job_queue import JobQueue, JobRequest
from souk.application.ports.notification_repository import RecipientRange
from souk.application.ports.recipient_ranges import RecipientRanges
from souk.domain.streams.announcement import announcements


class PlanLiveFanOut:
    batch_size = BATCH

    def __init__(self, ranges: RecipientRanges, directory: AudienceDirectory, jobs: JobQueue) -> None:
        self._ranges = ranges
        self._directory = directory
        self._jobs = jobs

    async def __call__(self, plan: LivePlan) -> int:
        """How many batch jobs were enqueued. The neighbourhood is measured from the
        seller's home as it is now, as the live room's audience check measures it."""
        live = plan.live
        home = await self._directory.home_of(live.seller_id)
        told = announcements(live.seller_id, live.audience, live.notify_followers, live.notify_neighborhood, home)
        enqueued = 0
        for announcement in told:
            cuts = await self._ranges.boundaries(announcement.recipients, self.batch_size)
            starts: list[UUID | None] = [None, *cuts]
            ends: list[UUID | None] = [*cuts, None]
            for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
                batch = LiveBatch(plan, RecipientRange(announcement.recipients, announcement.kind, start, end))
                key = f"live-batch:{plan.event_id}:{announcement.kind.value}:{index}:{start}"
                await self._jobs.enqueue(JobRequest(LIVE_BATCH_JOB, batch.payload(), key=key, timeout_s=300))
                enqueued += 1
        return enqueued
