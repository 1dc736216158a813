"""Likes and comments on streams, resolved against the streams feature's table.

The table belongs to the streams feature (``streams``: id, seller_id, status, and
``enable_comments`` inside the ``settings`` JSON, as branch ``live`` writes them); this
adapter reads just those through a lightweight table clause, so it neither imports nor
redefines that feature's metadata. Wire it (``social_providers.py``) where that table exists."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import JSON, String, Uuid, column, select, table

from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.stream_targets import StreamTargets
from souk.domain.social.target import SocialTarget, TargetKind, TargetRef

streams = table(
    "streams",
    column("id", Uuid()),
    column("seller_id", Uuid()),
    column("status", String()),
    column("settings", JSON()),
)


class SqlStreamTargets(StreamTargets):
    """A stream takes comments once it is a replay (``ended``) with comments on; a draft or
    a cancelled stream is seen by its owner only."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def find(self, stream_id: UUID) -> SocialTarget | None:
        conn = await self._uow.connection()
        s = streams.c
        query = select(s.seller_id, s.status, s.settings).where(s.id == stream_id)
        row = (await conn.execute(query)).one_or_none()
        if row is None:
            return None
        settings = row.settings if isinstance(row.settings, dict) else {}
        return SocialTarget(
            TargetRef(TargetKind.STREAM, stream_id),
            owner_id=row.seller_id,
            accepts_comments=row.status == "ended" and bool(settings.get("enable_comments", True)),
            hidden=row.status in ("draft", "cancelled"),
        )
