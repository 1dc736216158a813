"""What the notification feature tells live processes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from souk.domain.notifications.notification import Notification
from souk.domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True)
class NotificationCreated(DomainEvent):
    """A notification was stored for a user who may have a socket open. Bus only: the
    notification itself is in the database (the list and the unread count show it)."""

    topic: ClassVar[str] = "notification.created"

    notification: Notification
