from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

from souk.adapters.catalog_keys import parse_time_key
from souk.adapters.memory.recipient_ranges import recipients_of
from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.notification_repository import NotificationRepository, RecipientRange, Undelivered
from souk.application.shared.cursors import SortKey
from souk.application.shared.ids import new_id
from souk.domain.accounts.user import User
from souk.domain.notifications.notification import Notification, NotificationDraft
from souk.domain.notifications.push import PushToken
from souk.domain.shared.public_point import PublicPoints


class InMemoryNotificationRepository(NotificationRepository):
    def __init__(self, uow: InMemoryUnitOfWork, places: PublicPoints) -> None:
        self._uow = uow
        self._places = places
        self._rows: dict[UUID, Notification] = uow.store.table("notifications")
        self._pushed: dict[UUID, datetime] = uow.store.table("notifications_pushed")
        self._follows: dict[tuple[UUID, UUID], datetime] = uow.store.table("follows")
        self._users: dict[UUID, User] = uow.store.table("users")
        self._tokens: dict[str, PushToken] = uow.store.table("push_tokens")

    async def add(self, source_event_id: UUID, drafts: Sequence[NotificationDraft], at: datetime) -> list[Notification]:
        return await self.add_many([(source_event_id, drafts)], at)

    async def add_many(
        self, batch: Sequence[tuple[UUID, Sequence[NotificationDraft]]], at: datetime
    ) -> list[Notification]:
        return [
            n for event, ds in batch for n in self._insert(event, [(d.recipient_id, d.type, d.data) for d in ds], at)
        ]

    async def add_for_audience(
        self, source_event_id: UUID, audience: RecipientRange, data: dict[str, object], at: datetime
    ) -> int:
        if any(self._of(n, source_event_id, audience) for n in self._rows.values()):
            return 0
        chosen = recipients_of(audience.recipients, self._users, self._follows, self._places)
        recipients = [r for r in chosen if _in_range(r, audience) and self._users[r].wants(audience.kind)]
        return len(self._insert(source_event_id, [(r, audience.kind, dict(data)) for r in recipients], at))

    async def undelivered(self, source_event_id: UUID, within: RecipientRange) -> list[Undelivered]:
        rows = [n for n in self._rows.values() if self._of(n, source_event_id, within) and n.id not in self._pushed]
        return [Undelivered(n.id, n.user_id, n.created_at) for n in sorted(rows, key=lambda n: n.user_id)]

    @staticmethod
    def _of(notification: Notification, source_event_id: UUID, within: RecipientRange) -> bool:
        return (
            notification.source_event_id == source_event_id
            and notification.type == within.kind.value
            and _in_range(notification.user_id, within)
        )

    def _insert(
        self, source_event_id: UUID, rows: list[tuple[UUID, str, dict[str, Any]]], at: datetime
    ) -> list[Notification]:
        existing = {(n.source_event_id, n.user_id, n.type) for n in self._rows.values()}
        created = []
        for user_id, kind, data in rows:
            if (source_event_id, user_id, str(kind)) in existing:
                continue
            self._uow.before_write()
            notification = Notification(new_id(), user_id, str(kind), clone(data), source_event_id, at)
            self._rows[notification.id] = notification
            existing.add((source_event_id, user_id, str(kind)))
            created.append(clone(notification))
        return created

    async def get(self, notification_id: UUID) -> Notification | None:
        found = self._rows.get(notification_id)
        return clone(found) if found else None

    async def page(self, user_id: UUID, unread_only: bool, after: SortKey | None, limit: int) -> list[Notification]:
        rows = [n for n in self._rows.values() if n.user_id == user_id and not (unread_only and n.read_at)]
        rows.sort(key=lambda n: (n.created_at, n.id), reverse=True)
        if after is not None:
            bound = parse_time_key(after)
            rows = [n for n in rows if (n.created_at, n.id) < bound]
        return [clone(n) for n in rows[:limit]]

    async def mark_read(self, user_id: UUID, notification_id: UUID, at: datetime) -> Notification | None:
        found = self._rows.get(notification_id)
        if found is None or found.user_id != user_id:
            return None
        if found.read_at is None:
            self._uow.before_write()
            self._rows[notification_id] = replace(found, read_at=at)
        return clone(self._rows[notification_id])

    async def mark_all_read(self, user_id: UUID, at: datetime) -> int:
        unread = [n for n in self._rows.values() if n.user_id == user_id and n.read_at is None]
        if unread:
            self._uow.before_write()
        for n in unread:
            self._rows[n.id] = replace(n, read_at=at)
        return len(unread)

    async def unread_count(self, user_id: UUID) -> int:
        return sum(1 for n in self._rows.values() if n.user_id == user_id and n.read_at is None)

    async def unpushed(self, source_event_id: UUID, within: RecipientRange | None = None) -> list[Notification]:
        with_devices = {t.user_id for t in self._tokens.values()}
        rows = [
            n
            for n in self._rows.values()
            if n.source_event_id == source_event_id
            and n.id not in self._pushed
            and n.user_id in with_devices
            and (within is None or self._of(n, source_event_id, within))
        ]
        return [clone(n) for n in sorted(rows, key=lambda n: n.user_id)]

    async def unpushed_of(self, source_event_ids: Sequence[UUID]) -> list[Notification]:
        return [n for event in dict.fromkeys(source_event_ids) for n in await self.unpushed(event)]

    async def mark_pushed(self, notification_ids: Sequence[UUID], at: datetime) -> None:
        if notification_ids:
            self._uow.before_write()
        for notification_id in notification_ids:
            self._pushed[notification_id] = at


def _in_range(user_id: UUID, batch: RecipientRange) -> bool:
    return (batch.start is None or user_id >= batch.start) and (batch.end is None or user_id < batch.end)
