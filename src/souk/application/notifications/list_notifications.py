"""The notifications inbox: list (optionally unread only), read one, read all, count."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.notification_repository import NotificationRepository, key_of
from souk.application.shared.paging import MAX_LIMIT
from souk.domain.notifications.notification import Notification
from souk.domain.shared.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class NotificationPage:
    items: list[Notification]
    next_cursor: str | None


class ListNotifications:
    def __init__(self, notifications: NotificationRepository, codec: CursorCodec) -> None:
        self._notifications = notifications
        self._codec = codec

    async def __call__(self, user_id: UUID, unread_only: bool, cursor: str | None, limit: int) -> NotificationPage:
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput(f"limit is between 1 and {MAX_LIMIT}.", field="limit")
        scope = f"notifications:{user_id}:{int(unread_only)}"
        after = self._codec.decode(scope, cursor) if cursor else None
        rows = await self._notifications.page(user_id, unread_only, after, limit + 1)
        items = rows[:limit]
        next_cursor = self._codec.encode(scope, key_of(items[-1])) if len(rows) > limit else None
        return NotificationPage(items, next_cursor)
