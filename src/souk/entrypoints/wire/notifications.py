from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec

from souk.domain.notifications.notification import Notification


class NotificationOut(msgspec.Struct):
    id: UUID
    type: Annotated[str, msgspec.Meta(description="One of the notification settings' types")]
    data: dict[str, Any]
    read_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, n: Notification) -> NotificationOut:
        return cls(n.id, n.type, n.data, n.read_at, n.created_at)
