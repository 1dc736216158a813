"""Going live: one batch of followers or neighbours told of their notifications (see live_batch)."""

from __future__ import annotations

import logging

from souk.application.events import EventRecorder
from souk.application.notifications.live_batch import LiveBatch, event_id_of, notification_data
from souk.application.notifications.push_delivery import PushDelivery
from souk.application.ports.event_feed import EventFeed
from souk.application.ports.job_queue import JobPayload
from souk.application.ports.notification_repository import NotificationRepository
from souk.application.ports.presence import Presence
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.notifications.events import NotificationCreated
from souk.domain.notifications.notification import Notification
from souk.domain.streams.events import StreamWentLive

log = logging.getLogger("souk.notifications")


class DeliverLiveBatch:
    def __init__(
        self,
        uow: UnitOfWork,
        notifications: NotificationRepository,
        presence: Presence,
        events: EventRecorder,
        delivery: PushDelivery,
        feed: EventFeed,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._notifications = notifications
        self._presence = presence
        self._events = events
        self._delivery = delivery
        self._feed = feed
        self._clock = clock

    async def __call__(self, payload: JobPayload) -> int:
        """How many ``notification:new`` frames this run sent (0 on a retry of a finished batch)."""
        event_id = event_id_of(payload)
        entry = await self._feed.get(event_id)
        live = entry.event if entry is not None else None
        if not isinstance(live, StreamWentLive):
            log.warning("notifications.live_batch_without_event event=%s", event_id)
            return 0
        batch, data = LiveBatch.of(payload, live.seller_id), notification_data(live)
        # A no-op after the plan's write (one index probe); writes the range of a batch
        # planned by a worker of the version before, whose plan wrote nothing.
        await self._notifications.add_for_audience(event_id, batch.range, data, self._clock.now())
        pending = await self._notifications.undelivered(event_id, batch.range)
        online = await self._presence.online({p.user_id for p in pending}) if pending else set()
        told = [p for p in pending if p.user_id in online]
        kind = batch.range.kind.value
        for p in told:
            notification = Notification(p.id, p.user_id, kind, dict(data), event_id, p.created_at)
            self._events.announce(NotificationCreated(notification))
        # Settled by the frame (no push for them, and a retry sends none again).
        await self._notifications.mark_pushed([p.id for p in told], self._clock.now())
        await self._uow.commit()
        await self._events.publish()
        await self._delivery(await self._notifications.unpushed(event_id, batch.range))
        return len(told)
