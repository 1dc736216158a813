"""The notifications inbox: list (optionally unread only), read one, read all, count."""

from __future__ import annotations

from uuid import UUID

from souk.application.ports.notification_repository import NotificationRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.notifications.errors import NotificationNotFound
from souk.domain.notifications.notification import Notification


class MarkNotificationRead:
    def __init__(self, uow: UnitOfWork, notifications: NotificationRepository, clock: Clock) -> None:
        self._uow = uow
        self._notifications = notifications
        self._clock = clock

    async def __call__(self, user_id: UUID, notification_id: UUID) -> Notification:
        """Someone else's notification is 404, like a missing one."""
        notification = await self._notifications.mark_read(user_id, notification_id, self._clock.now())
        if notification is None:
            raise NotificationNotFound()
        await self._uow.commit()
        return notification
