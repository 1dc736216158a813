"""The notifications inbox: list (optionally unread only), read one, read all, count."""

from __future__ import annotations

from uuid import UUID

from souk.application.ports.notification_repository import NotificationRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock


class MarkAllNotificationsRead:
    def __init__(self, uow: UnitOfWork, notifications: NotificationRepository, clock: Clock) -> None:
        self._uow = uow
        self._notifications = notifications
        self._clock = clock

    async def __call__(self, user_id: UUID) -> int:
        marked = await self._notifications.mark_all_read(user_id, self._clock.now())
        await self._uow.commit()
        return marked
