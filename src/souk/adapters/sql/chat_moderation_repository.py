from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import or_, select

from souk.adapters.sql.dead_connections import raw_call
from souk.adapters.sql.read_session import SqlReadSession, SqlSession
from souk.adapters.sql.social_sql import upsert_insert
from souk.adapters.sql.tables import (
    seller_banned_words,
    seller_removed_viewers,
    stream_chat_rules,
    stream_moderators,
    users,
)
from souk.application.ports.chat_moderation_repository import ChatModerationRepository
from souk.domain.streams.errors import ModeratorNotFound
from souk.domain.streams.moderation import ChatModeration

_WORDS_OF_PG = "SELECT words FROM seller_banned_words WHERE seller_id = $1"


class SqlChatModerationRepository(ChatModerationRepository):
    """Four small reads per room snapshot (not per chat line or join)."""

    def __init__(self, uow: SqlSession) -> None:
        self._uow = uow

    async def load(self, stream_id: UUID, seller_id: UUID, now: datetime) -> ChatModeration:
        conn = await self._uow.connection()
        mods = await conn.execute(select(stream_moderators.c.user_id).where(stream_moderators.c.stream_id == stream_id))
        slow = (
            await conn.execute(
                select(stream_chat_rules.c.slow_mode_s).where(stream_chat_rules.c.stream_id == stream_id)
            )
        ).scalar()
        r = seller_removed_viewers.c
        removed = await conn.execute(
            select(r.user_id, r.until).where(r.seller_id == seller_id, or_(r.until.is_(None), r.until > now))
        )
        return ChatModeration(
            seller_id,
            frozenset(UUID(str(row.user_id)) for row in mods),
            int(slow or 0),
            await self.banned_words_of(seller_id),
            {UUID(str(row.user_id)): row.until for row in removed},
        )

    async def banned_words_of(self, seller_id: UUID) -> tuple[str, ...]:
        """Read for chat messages (a seller's list, kept a few seconds per process): on the
        PostgreSQL read engine straight to asyncpg, one prepared statement."""
        if isinstance(self._uow, SqlReadSession) and self._uow.engine.dialect.name == "postgresql":
            found = await raw_call(self._uow.engine, "fetchval", _WORDS_OF_PG, (seller_id,))
            if isinstance(found, str | bytes):  # a json column, unless the engine's codec decoded it
                found = msgspec.json.decode(found)
            return tuple(found or ())
        conn = await self._uow.connection()
        query = select(seller_banned_words.c.words).where(seller_banned_words.c.seller_id == seller_id)
        words: Any = (await conn.execute(query)).scalar()
        return tuple(words or ())

    async def add_moderator(self, stream_id: UUID, user_id: UUID, at: datetime) -> None:
        conn = await self._uow.connection()
        if (await conn.execute(select(users.c.id).where(users.c.id == user_id))).first() is None:
            raise ModeratorNotFound(field="user_id")
        row = {"stream_id": stream_id, "user_id": user_id, "created_at": at}
        await conn.execute(upsert_insert(conn, stream_moderators).values(**row).on_conflict_do_nothing())  # type: ignore[arg-type]

    async def set_slow_mode(self, stream_id: UUID, seconds: int) -> None:
        conn = await self._uow.connection()
        insert = upsert_insert(conn, stream_chat_rules).values(stream_id=stream_id, slow_mode_s=seconds)  # type: ignore[arg-type]
        await conn.execute(insert.on_conflict_do_update(index_elements=["stream_id"], set_={"slow_mode_s": seconds}))

    async def set_banned_words(self, seller_id: UUID, words: tuple[str, ...]) -> None:
        conn = await self._uow.connection()
        insert = upsert_insert(conn, seller_banned_words).values(seller_id=seller_id, words=list(words))  # type: ignore[arg-type]
        await conn.execute(insert.on_conflict_do_update(index_elements=["seller_id"], set_={"words": list(words)}))

    async def remove_viewer(self, seller_id: UUID, user_id: UUID, until: datetime | None, at: datetime) -> None:
        conn = await self._uow.connection()
        r = seller_removed_viewers.c
        current = await conn.execute(select(r.until).where(r.seller_id == seller_id, r.user_id == user_id))
        row = current.first()
        if row is not None and row.until is None:
            return  # banned for good already: a time-out does not shorten it
        values = {"seller_id": seller_id, "user_id": user_id, "until": until, "created_at": at}
        insert = upsert_insert(conn, seller_removed_viewers).values(**values)  # type: ignore[arg-type]
        await conn.execute(
            insert.on_conflict_do_update(
                index_elements=["seller_id", "user_id"], set_={"until": until, "created_at": at}
            )
        )
