"""Going live: one batch of followers or neighbours notified (see live_batch)."""

from __future__ import annotations

from souk.application.notifications.live_batch import LiveBatch
from souk.application.notifications.push_delivery import PushDelivery
from souk.application.notifications.topics import NOTIFICATION_FRAME
from souk.application.notifications.views import notification_view
from souk.application.ports.notification_repository import NotificationRepository
from souk.application.ports.presence import Presence
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.realtime.publisher import RealtimePublisher
from souk.application.shared.clock import Clock


class DeliverLiveBatch:
    def __init__(
        self,
        uow: UnitOfWork,
        notifications: NotificationRepository,
        presence: Presence,
        realtime: RealtimePublisher,
        delivery: PushDelivery,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._notifications = notifications
        self._presence = presence
        self._realtime = realtime
        self._delivery = delivery
        self._clock = clock

    async def __call__(self, batch: LiveBatch) -> int:
        """How many notifications this run created (0 on a retry of a finished batch)."""
        created = await self._notifications.add_for_range(
            batch.plan.event_id, batch.range, batch.plan.data, self._clock.now()
        )
        await self._uow.commit()
        if created:
            online = await self._presence.online({n.user_id for n in created})
            for notification in created:
                if notification.user_id in online:
                    await self._realtime.to_users(
                        [notification.user_id], NOTIFICATION_FRAME, notification_view(notification)
                    )
        await self._delivery(await self._notifications.unpushed(batch.plan.event_id, batch.range))
        return len(created)
