from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.application.shared.cursors import SortKey
from souk.domain.notifications.notification import Notification, NotificationDraft
from souk.domain.shared.notifications import NotificationType
from souk.domain.streams.announcement import Recipients


@dataclass(frozen=True, slots=True)
class RecipientRange:
    """One batch of a go-live announcement: its recipients with ``start <= user_id < end``
    (``None``: unbounded), told as ``kind``."""

    recipients: Recipients
    kind: NotificationType
    start: UUID | None = None
    end: UUID | None = None


@dataclass(frozen=True, slots=True)
class Undelivered:
    """A notification written by ``add_for_audience`` that nobody has been told of yet: all
    its other fields are the audience's (kind, data, source event)."""

    id: UUID
    user_id: UUID
    created_at: datetime


class NotificationRepository(Protocol):
    """Within the unit of work. One notification per (source event, recipient, type): adding
    one that exists is a no-op, so an event handled twice notifies once."""

    async def add(self, source_event_id: UUID, drafts: Sequence[NotificationDraft], at: datetime) -> list[Notification]:
        """The notifications that were new (already existing ones are left out)."""
        ...

    async def add_many(
        self, batch: Sequence[tuple[UUID, Sequence[NotificationDraft]]], at: datetime
    ) -> list[Notification]:
        """``add`` for several source events at once (one statement where the store can)."""
        ...

    async def add_for_audience(
        self, source_event_id: UUID, audience: RecipientRange, data: dict[str, object], at: datetime
    ) -> int:
        """One notification of ``audience.kind`` to each recipient in the range who has it
        switched on, all in one statement (no ids or rows through the application): a
        go-live writes 100,000 followers' notifications as the database alone would. All or
        nothing, so a repeat (a retried plan) finds the range's notifications of the event
        and writes none. How many it wrote."""
        ...

    async def undelivered(self, source_event_id: UUID, within: RecipientRange) -> list[Undelivered]:
        """The event's notifications of the range's kind and ids whose delivery no frame or
        push attempt has settled yet (``mark_pushed``), by recipient."""
        ...

    async def get(self, notification_id: UUID) -> Notification | None: ...

    async def page(self, user_id: UUID, unread_only: bool, after: SortKey | None, limit: int) -> list[Notification]:
        """Newest first, strictly after ``after`` (the key of ``key_of``)."""
        ...

    async def mark_read(self, user_id: UUID, notification_id: UUID, at: datetime) -> Notification | None:
        """The user's notification, read (once: an earlier ``read_at`` is kept); None if not theirs."""
        ...

    async def mark_all_read(self, user_id: UUID, at: datetime) -> int: ...

    async def unread_count(self, user_id: UUID) -> int: ...

    async def unpushed(self, source_event_id: UUID, within: RecipientRange | None = None) -> list[Notification]:
        """Notifications of the event (of the range's kind and ids, if given) whose
        recipients have push tokens and that no push attempt has settled yet."""
        ...

    async def unpushed_of(self, source_event_ids: Sequence[UUID]) -> list[Notification]:
        """``unpushed`` (no range) of several events at once, by event then recipient."""
        ...

    async def mark_pushed(self, notification_ids: Sequence[UUID], at: datetime) -> None: ...


def key_of(notification: Notification) -> SortKey:
    return (notification.created_at.isoformat(), str(notification.id))
