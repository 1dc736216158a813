from __future__ import annotations

from souk.domain.shared.errors import NotFound


class NotificationNotFound(NotFound):
    code = "notification_not_found"
    default_detail = "No such notification."
