"""An in-app notification: something happened that a user should hear about."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from souk.domain.shared.notifications import NotificationType


@dataclass(frozen=True, slots=True)
class NotificationDraft:
    """Who hears about what. ``only_if_offline``: pointless while the user has a live
    socket (a new chat message arrives on it anyway)."""

    recipient_id: UUID
    type: NotificationType
    data: dict[str, Any] = field(default_factory=dict)
    only_if_offline: bool = False


@dataclass(slots=True)
class Notification:
    id: UUID
    user_id: UUID
    type: str
    data: dict[str, Any]
    source_event_id: UUID
    created_at: datetime
    read_at: datetime | None = None


def addressed(drafts: Iterable[NotificationDraft], actor_id: UUID | None) -> list[NotificationDraft]:
    """Never notify people of what they did themselves; one notification per recipient
    and type for one event (the first draft wins)."""
    seen: set[tuple[UUID, NotificationType]] = set()
    kept: list[NotificationDraft] = []
    for draft in drafts:
        key = (draft.recipient_id, draft.type)
        if draft.recipient_id == actor_id or key in seen:
            continue
        seen.add(key)
        kept.append(draft)
    return kept
