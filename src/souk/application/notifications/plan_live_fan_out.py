"""Going live: write every notification at once, then cut the audience into delivery batches (see live_batch)."""

from __future__ import annotations

import logging
from uuid import UUID

from souk.application.notifications.live_batch import BATCH, BATCH_JOB, LiveBatch, notification_data
from souk.application.ports.audience_directory import AudienceDirectory
from souk.application.ports.event_feed import EventFeed
from souk.application.ports.job_queue import JobQueue, JobRequest
from souk.application.ports.notification_repository import NotificationRepository, RecipientRange
from souk.application.ports.recipient_ranges import RecipientRanges
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.streams.announcement import announcements
from souk.domain.streams.events import StreamWentLive

log = logging.getLogger("souk.notifications")


class PlanLiveFanOut:
    batch_size = BATCH

    def __init__(
        self,
        uow: UnitOfWork,
        notifications: NotificationRepository,
        ranges: RecipientRanges,
        directory: AudienceDirectory,
        jobs: JobQueue,
        feed: EventFeed,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._notifications = notifications
        self._ranges = ranges
        self._directory = directory
        self._jobs = jobs
        self._feed = feed
        self._clock = clock

    async def __call__(self, event_id: UUID) -> int:
        """How many delivery batch jobs were enqueued. The neighbourhood is measured from the
        seller's home as it is now, as the live room's audience check measures it."""
        entry = await self._feed.get(event_id)
        live = entry.event if entry is not None else None
        if not isinstance(live, StreamWentLive):
            log.warning("notifications.live_plan_without_event event=%s", event_id)
            return 0
        home = await self._directory.home_of(live.seller_id)
        told = announcements(live.seller_id, live.audience, live.notify_followers, live.notify_neighborhood, home)
        data, at = notification_data(live), self._clock.now()
        for announcement in told:  # a retried plan writes nothing twice (all or nothing per kind)
            whole = RecipientRange(announcement.recipients, announcement.kind)
            await self._notifications.add_for_audience(event_id, whole, data, at)
        await self._uow.commit()
        enqueued = 0
        for announcement in told:
            cuts = await self._ranges.boundaries(announcement.recipients, self.batch_size)
            starts: list[UUID | None] = [None, *cuts]
            ends: list[UUID | None] = [*cuts, None]
            for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
                batch = LiveBatch(event_id, RecipientRange(announcement.recipients, announcement.kind, start, end))
                key = f"live-batch:{event_id}:{announcement.kind.value}:{index}:{start}"
                await self._jobs.enqueue(JobRequest(BATCH_JOB, batch.payload(), key=key, timeout_s=300))
                enqueued += 1
        return enqueued
