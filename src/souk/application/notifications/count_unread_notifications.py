"""The notifications inbox: list (optionally unread only), read one, read all, count."""

from __future__ import annotations

from uuid import UUID

from souk.application.ports.notification_repository import NotificationRepository


class CountUnreadNotifications:
    def __init__(self, notifications: NotificationRepository) -> None:
        self._notifications = notifications

    async def __call__(self, user_id: UUID) -> int:
        return await self._notifications.unread_count(user_id)
