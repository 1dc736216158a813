from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    ColumnElement,
    Select,
    String,
    Uuid,
    bindparam,
    cast,
    exists,
    func,
    insert,
    literal,
    select,
    true,
    update,
)

from souk.adapters.sql.live_recipients import recipient_ids
from souk.adapters.sql.social_sql import newer_than, upsert_insert
from souk.adapters.sql.sqlite_functions import ensure_sqlite_functions
from souk.adapters.sql.tables import notifications, push_tokens, users
from souk.adapters.sql.types import UtcDateTime
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.notification_repository import NotificationRepository, RecipientRange, Undelivered
from souk.application.shared.cursors import SortKey
from souk.application.shared.ids import new_id
from souk.domain.notifications.notification import Notification, NotificationDraft

_n = notifications.c
COLUMNS = (_n.id, _n.user_id, _n.type, _n.data, _n.source_event_id, _n.created_at, _n.read_at)
CHUNK = 1000  # rows per INSERT: 7 parameters each, well under every driver's limit


class SqlNotificationRepository(NotificationRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def add(self, source_event_id: UUID, drafts: Sequence[NotificationDraft], at: datetime) -> list[Notification]:
        return await self.add_many([(source_event_id, drafts)], at)

    async def add_many(
        self, batch: Sequence[tuple[UUID, Sequence[NotificationDraft]]], at: datetime
    ) -> list[Notification]:
        return await self._insert([_row(event, d.recipient_id, d.type, d.data, at) for event, ds in batch for d in ds])

    async def add_for_audience(
        self, source_event_id: UUID, audience: RecipientRange, data: dict[str, object], at: datetime
    ) -> int:
        conn = await self._uow.connection()
        await ensure_sqlite_functions(conn)
        kind = audience.kind
        of_event = [_n.source_event_id == source_event_id, _n.type == kind.value, *_in_range(_n.user_id, audience)]
        if (await conn.execute(select(literal(1)).where(*of_event).limit(1))).first() is not None:
            return 0  # written by an earlier run: the statement below is all or nothing
        user_id, recipients = recipient_ids(conn.dialect.name, audience.recipients)
        wanted = users.c.notification_settings[kind.value].as_boolean()
        recipients = recipients.where(wanted.is_not(False), *_in_range(user_id, audience))
        if conn.dialect.name == "postgresql":
            # The floor's statement: one INSERT … SELECT, no ON CONFLICT (the unique key still
            # refuses a concurrent twin: its job fails and its retry finds the rows), nothing returned.
            rows = recipients.with_only_columns(
                func.gen_random_uuid(),
                user_id,
                literal(kind.value, String()),
                cast(bindparam("data", data, type_=JSON()), JSON()),
                literal(source_event_id, Uuid()),
                literal(at, UtcDateTime()),
                maintain_column_froms=True,
            )
            statement = insert(notifications).from_select(
                ["id", "user_id", "type", "data", "source_event_id", "created_at"], rows
            )
            return int((await conn.execute(statement)).rowcount)
        found = (await conn.execute(recipients)).scalars().all()
        return len(await self._insert([_row(source_event_id, r, kind, data, at) for r in found]))

    async def undelivered(self, source_event_id: UUID, within: RecipientRange) -> list[Undelivered]:
        conn = await self._uow.connection()
        query = select(_n.id, _n.user_id, _n.created_at).where(
            _n.source_event_id == source_event_id,
            _n.type == within.kind.value,
            _n.pushed_at.is_(None),
            *_in_range(_n.user_id, within),
        )
        return [Undelivered(*row) for row in await conn.execute(query.order_by(_n.user_id))]

    async def _insert(self, rows: list[dict[str, Any]]) -> list[Notification]:
        if not rows:
            return []
        conn = await self._uow.connection()
        created: list[Notification] = []
        for start in range(0, len(rows), CHUNK):
            statement = (
                upsert_insert(conn, notifications)
                .values(rows[start : start + CHUNK])
                .on_conflict_do_nothing()
                .returning(*COLUMNS)
            )
            created.extend(_notification(r) for r in (await conn.execute(statement)).mappings())
        return created

    async def get(self, notification_id: UUID) -> Notification | None:
        conn = await self._uow.connection()
        row = (await conn.execute(select(*COLUMNS).where(_n.id == notification_id))).mappings().one_or_none()
        return _notification(row) if row else None

    async def page(self, user_id: UUID, unread_only: bool, after: SortKey | None, limit: int) -> list[Notification]:
        conn = await self._uow.connection()
        query = select(*COLUMNS).where(_n.user_id == user_id)
        if unread_only:
            query = query.where(_n.read_at.is_(None))
        if after is not None:
            query = query.where(newer_than(_n.created_at, _n.id, after, descending=True))
        query = query.order_by(_n.created_at.desc(), _n.id.desc()).limit(limit)
        return [_notification(r) for r in (await conn.execute(query)).mappings()]

    async def mark_read(self, user_id: UUID, notification_id: UUID, at: datetime) -> Notification | None:
        conn = await self._uow.connection()
        statement = (
            update(notifications)
            .where(_n.id == notification_id, _n.user_id == user_id)
            .values(read_at=func.coalesce(_n.read_at, at))
            .returning(*COLUMNS)
        )
        row = (await conn.execute(statement)).mappings().one_or_none()
        return _notification(row) if row else None

    async def mark_all_read(self, user_id: UUID, at: datetime) -> int:
        conn = await self._uow.connection()
        statement = update(notifications).where(_n.user_id == user_id, _n.read_at.is_(None)).values(read_at=at)
        return int((await conn.execute(statement)).rowcount)

    async def unread_count(self, user_id: UUID) -> int:
        conn = await self._uow.connection()
        query = select(func.count()).select_from(notifications).where(_n.user_id == user_id, _n.read_at.is_(None))
        return int((await conn.execute(query)).scalar_one())

    async def unpushed(self, source_event_id: UUID, within: RecipientRange | None = None) -> list[Notification]:
        query = _unpushed(_n.source_event_id == source_event_id)
        if within is not None:
            query = query.where(_n.type == within.kind.value, *_in_range(_n.user_id, within))
        return await self._notifications(query.order_by(_n.user_id))

    async def unpushed_of(self, source_event_ids: Sequence[UUID]) -> list[Notification]:
        if not source_event_ids:
            return []
        query = _unpushed(_n.source_event_id.in_(list(source_event_ids)))
        found = await self._notifications(query.order_by(_n.user_id))
        order = {event: i for i, event in enumerate(source_event_ids)}
        return sorted(found, key=lambda n: order[n.source_event_id])  # stable: by recipient within

    async def _notifications(self, query: Select[Any]) -> list[Notification]:
        conn = await self._uow.connection()
        return [_notification(r) for r in (await conn.execute(query)).mappings()]

    async def mark_pushed(self, notification_ids: Sequence[UUID], at: datetime) -> None:
        if not notification_ids:
            return
        conn = await self._uow.connection()
        for start in range(0, len(notification_ids), CHUNK):
            chunk = list(notification_ids[start : start + CHUNK])
            await conn.execute(update(notifications).where(_n.id.in_(chunk)).values(pushed_at=at))


def _unpushed(of_event: ColumnElement[bool]) -> Select[Any]:
    has_device = exists().where(push_tokens.c.user_id == _n.user_id)
    return select(*COLUMNS).where(of_event, _n.pushed_at.is_(None), has_device)


def _in_range(column: Any, batch: RecipientRange) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if batch.start is not None:
        conditions.append(column >= batch.start)
    if batch.end is not None:
        conditions.append(column < batch.end)
    return conditions or [true()]


def _row(source_event_id: UUID, user_id: UUID, kind: str, data: dict[str, Any], at: datetime) -> dict[str, Any]:
    return {
        "id": new_id(),
        "user_id": user_id,
        "type": str(kind),
        "data": data,
        "source_event_id": source_event_id,
        "created_at": at,
    }


def _notification(row: Any) -> Notification:
    return Notification(
        id=row["id"],
        user_id=row["user_id"],
        type=row["type"],
        data=dict(row["data"]),
        source_event_id=row["source_event_id"],
        created_at=row["created_at"],
        read_at=row["read_at"],
    )
