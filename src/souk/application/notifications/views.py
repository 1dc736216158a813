"""The notification as clients see it, over HTTP and in the ``notification:new`` frame."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from souk.domain.notifications.notification import Notification


def rfc3339(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def notification_view(n: Notification) -> dict[str, Any]:
    return {
        "id": str(n.id),
        "type": n.type,
        "data": n.data,
        "read_at": rfc3339(n.read_at) if n.read_at else None,
        "created_at": rfc3339(n.created_at),
    }
