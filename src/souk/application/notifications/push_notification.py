from __future__ import annotations

from uuid import UUID

from souk.application.notifications.push_delivery import PushDelivery
from souk.application.ports.notification_repository import NotificationRepository

PUSH_JOB = "notifications.push"


class PushNotification:
    """The push job of one notification (keyed by it, so enqueued once while pending)."""

    def __init__(self, notifications: NotificationRepository, delivery: PushDelivery) -> None:
        self._notifications = notifications
        self._delivery = delivery

    async def __call__(self, notification_id: UUID) -> int:
        notification = await self._notifications.get(notification_id)
        if notification is None:
            return 0
        pending = await self._notifications.unpushed(notification.source_event_id)
        return await self._delivery([n for n in pending if n.id == notification_id])
