from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import and_, bindparam, case, func, insert, or_, select, union_all, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from souk.adapters.sql.blocks import EITHER_WAY, either_way_pg
from souk.adapters.sql.dead_connections import raw_call
from souk.adapters.sql.negotiation_rows import (
    CONVERSATION_STATE,
    before_key,
    conversation_of,
    conversation_row,
    message_of,
    message_row,
)
from souk.adapters.sql.outbox import SqlOutbox
from souk.adapters.sql.read_session import SqlSession
from souk.adapters.sql.tables import conversations, messages
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.conversation_repository import ConversationRepository, ConversationSummary, numbered
from souk.application.ports.outbox import OutboxEntry
from souk.application.shared.cursors import SortKey
from souk.domain.negotiation.conversation import Conversation, Message

c = conversations
m = messages
# Built once: the values travel as parameters (no statement building per call).
_INSERT_IF_ABSENT = {
    name: dialect.insert(c).on_conflict_do_nothing().returning(c.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_NEXT_SEQ = (
    update(c)
    .where(c.c.id == bindparam("conversation_id"))
    .values(
        last_seq=c.c.last_seq + 1,
        last_message_at=bindparam("now", type_=c.c.last_message_at.type),
        buyer_archived=False,
        seller_archived=False,
    )
    .returning(c.c.last_seq)
)
_INSERT_MESSAGE = insert(m)
_GET = select(c).where(c.c.id == bindparam("conversation_id"))
_MEMBERS = select(c.c.buyer_id, c.c.seller_id).where(c.c.id == bindparam("conversation_id"))
# Members per conversation id, for the life of the process (members never change, rows are
# never deleted; ids are UUIDv7, so databases sharing a process cannot collide): a chat
# message checks membership without a read. Bounded: the oldest entries go first.
_KNOWN_MEMBERS: dict[UUID, tuple[UUID, UUID]] = {}
KNOWN_MEMBERS_MAX = 100_000
# PostgreSQL: the next number and the message in one statement (one round trip), straight
# on the transaction's asyncpg connection (no statement building or compiling per message).
_APPEND_PG = """
WITH s AS (
    UPDATE conversations
    SET last_seq = last_seq + 1, last_message_at = $2, buyer_archived = false, seller_archived = false
    WHERE id = $1
    RETURNING last_seq
)
INSERT INTO messages (id, conversation_id, seq, sender_id, message_type, content, image_urls, offer_id, created_at)
SELECT $3, $1, s.last_seq, $4, $5, $6, $7, $8, $2 FROM s
RETURNING seq
"""
# The same and the outbox row announcing the message (its payload's message.seq filled in
# with the number taken), unless sender and other ($13, $14) are in a block: one statement,
# so both or neither even in its own transaction; "found" tells a block (no seq) from a
# missing conversation.
_APPEND_SENT_PG = f"""
WITH s AS (
    UPDATE conversations
    SET last_seq = last_seq + 1, last_message_at = $2, buyer_archived = false, seller_archived = false
    WHERE id = $1 AND NOT EXISTS ({either_way_pg("$13", "$14")})
    RETURNING last_seq
), m AS (
    INSERT INTO messages (id, conversation_id, seq, sender_id, message_type, content, image_urls, offer_id, created_at)
    SELECT $3, $1, s.last_seq, $4, $5, $6, $7, $8, $2 FROM s
    RETURNING seq
), o AS (
    INSERT INTO outbox (id, topic, payload, created_at)
    SELECT $9, $10, jsonb_set($11::jsonb, '{{message,seq}}', to_jsonb(m.seq))::json, $12 FROM m
)
SELECT (SELECT seq FROM m) AS seq, EXISTS (SELECT 1 FROM conversations WHERE id = $1) AS found
"""  # noqa: S608  (placeholders, not values)


class SqlConversationRepository(ConversationRepository):
    """``outbox``: the unit of work's, for ``append_sent`` (a repository built on a read
    session has none)."""

    def __init__(self, uow: SqlSession, outbox: SqlOutbox | None = None) -> None:
        self._uow = uow
        self._outbox = outbox

    async def get(self, conversation_id: UUID) -> Conversation | None:
        conn = await self._uow.connection()
        row = (await conn.execute(_GET, {"conversation_id": conversation_id})).mappings().one_or_none()
        return conversation_of(row) if row else None

    async def members(self, conversation_id: UUID) -> tuple[UUID, UUID] | None:
        known = _KNOWN_MEMBERS.get(conversation_id)
        if known is not None:
            return known
        conn = await self._uow.connection()
        row = (await conn.execute(_MEMBERS, {"conversation_id": conversation_id})).first()
        if row is None:
            return None
        if len(_KNOWN_MEMBERS) >= KNOWN_MEMBERS_MAX:
            del _KNOWN_MEMBERS[next(iter(_KNOWN_MEMBERS))]
        known = _KNOWN_MEMBERS[conversation_id] = (row.buyer_id, row.seller_id)
        return known

    async def find(self, user_a: UUID, user_b: UUID, product_id: UUID | None) -> Conversation | None:
        conn = await self._uow.connection()
        pair = or_(
            and_(c.c.buyer_id == user_a, c.c.seller_id == user_b),
            and_(c.c.buyer_id == user_b, c.c.seller_id == user_a),
        )
        about = c.c.product_id.is_(None) if product_id is None else c.c.product_id == product_id
        query = select(c).where(pair, about).order_by(c.c.created_at).limit(1)
        row = (await conn.execute(query)).mappings().one_or_none()
        return conversation_of(row) if row else None

    async def add_if_absent(self, conversation: Conversation) -> Conversation:
        conn = await self._uow.connection()
        statement = _INSERT_IF_ABSENT[conn.dialect.name]
        if (await conn.execute(statement, conversation_row(conversation))).first() is not None:
            return conversation  # inserted: no need to read it back
        stored = await self.find(conversation.buyer_id, conversation.seller_id, conversation.product_id)
        assert stored is not None
        return stored

    async def save_state(self, conversation: Conversation) -> None:
        conn = await self._uow.connection()
        values = {name: getattr(conversation, name) for name in CONVERSATION_STATE}
        await conn.execute(update(c).where(c.c.id == conversation.id).values(**values))

    async def append_sent(self, message: Message, sent: OutboxEntry, apart: tuple[UUID, UUID]) -> int | None:
        """PostgreSQL: one statement (``_APPEND_SENT_PG``, the block check in it); with no
        transaction open yet it is sent straight to a pooled asyncpg connection and is its own
        transaction (no BEGIN, no COMMIT). Elsewhere: the block read, the message, then the
        entry in the unit of work's outbox."""
        outbox, uow = self._outbox, self._uow
        assert outbox is not None, "append_sent needs the unit of work's outbox"
        assert isinstance(uow, SqlUnitOfWork)
        if uow.engine.dialect.name != "postgresql":
            statements = await uow.connection()
            if (await statements.execute(EITHER_WAY, {"a": apart[0], "b": apart[1]})).first() is not None:
                return None
            seq = await self.append_message(message)
            await outbox.add(numbered(sent, seq))
            return seq
        assert sent.event is not None
        args = (*_message_args(message), sent.id, sent.event.topic, outbox.payload_text(sent), sent.created_at, *apart)
        conn = uow.open_connection
        if conn is None:
            row = await raw_call(uow.engine, "fetchrow", _APPEND_SENT_PG, args)
        else:
            row = await _row_on(conn, _APPEND_SENT_PG, args)
        if not row[1]:  # no such conversation: as append_message fails
            raise LookupError(f"conversation {message.conversation_id} does not exist")
        return None if row[0] is None else int(row[0])

    async def append_message(self, message: Message) -> int:
        conn = await self._uow.connection()
        if isinstance(conn, AsyncConnection) and conn.dialect.name == "postgresql":
            row = await _row_on(conn, _APPEND_PG, _message_args(message))
            if row is None:  # no such conversation: as the two statements below would fail
                raise LookupError(f"conversation {message.conversation_id} does not exist")
            return int(row[0])
        now = message.created_at
        result = await conn.execute(_NEXT_SEQ, {"conversation_id": message.conversation_id, "now": now})
        seq = int(result.scalar_one())
        await conn.execute(_INSERT_MESSAGE, {**message_row(message), "seq": seq})
        return seq

    async def message(self, message_id: UUID) -> Message | None:
        conn = await self._uow.connection()
        row = (await conn.execute(select(m).where(m.c.id == message_id))).mappings().one_or_none()
        return message_of(row) if row else None

    async def messages(
        self, conversation_id: UUID, *, before_seq: int | None, after_seq: int | None, limit: int
    ) -> list[Message]:
        conn = await self._uow.connection()
        query = select(m).where(m.c.conversation_id == conversation_id)
        if after_seq is not None:
            query = query.where(m.c.seq > after_seq).order_by(m.c.seq)
        else:
            if before_seq is not None:
                query = query.where(m.c.seq < before_seq)
            query = query.order_by(m.c.seq.desc())
        return [message_of(r) for r in (await conn.execute(query.limit(limit))).mappings()]

    async def partners_of(self, user_id: UUID, limit: int) -> list[UUID]:
        conn = await self._uow.connection()
        as_buyer = select(c.c.seller_id.label("other"), c.c.last_message_at.label("at")).where(c.c.buyer_id == user_id)
        as_seller = select(c.c.buyer_id.label("other"), c.c.last_message_at.label("at")).where(c.c.seller_id == user_id)
        both = union_all(as_buyer, as_seller).subquery()
        query = (
            select(both.c.other).group_by(both.c.other).order_by(func.max(both.c.at).desc(), both.c.other).limit(limit)
        )
        return [UUID(str(row)) for row in (await conn.execute(query)).scalars()]

    async def of_user(
        self, user_id: UUID, filter_: str, after: SortKey | None, limit: int
    ) -> Sequence[ConversationSummary]:
        conn = await self._uow.connection()
        is_buyer = c.c.buyer_id == user_id
        read_seq = case((is_buyer, c.c.buyer_last_read_seq), else_=c.c.seller_last_read_seq)
        archived = case((is_buyer, c.c.buyer_archived), else_=c.c.seller_archived)
        unread = (
            select(func.count())
            .select_from(m)
            .where(
                m.c.conversation_id == c.c.id,
                m.c.seq > read_seq,
                or_(m.c.sender_id.is_(None), m.c.sender_id != user_id),
            )
            .scalar_subquery()
        )
        query = (
            select(c, unread.label("unread_count"))
            .where(or_(c.c.buyer_id == user_id, c.c.seller_id == user_id))
            .where(archived.is_(True) if filter_ == "archived" else archived.is_(False))
        )
        if filter_ == "unread":
            query = query.where(unread > 0)
        condition = before_key(c.c.last_message_at, c.c.id, after)
        if condition is not None:
            query = query.where(condition)
        query = query.order_by(c.c.last_message_at.desc(), c.c.id.desc()).limit(limit)
        rows = list((await conn.execute(query)).mappings())
        summaries = []
        for row in rows:
            conversation = conversation_of(row)
            last = await self.messages(conversation.id, before_seq=None, after_seq=None, limit=1)
            key = (conversation.last_message_at.isoformat(), str(conversation.id))
            summaries.append(
                ConversationSummary(conversation, int(row["unread_count"]), last[0] if last else None, key)
            )
        return summaries


async def _row_on(conn: AsyncConnection, sql: str, args: tuple[object, ...]) -> Any:
    """The first row of ``sql`` on the unit of work's connection: straight on asyncpg inside
    its transaction; as the transaction's first statement through the driver layer, which
    sends the BEGIN first (straight on asyncpg the statement would commit on its own)."""
    if conn.in_transaction():
        driver = (await conn.get_raw_connection()).driver_connection
        assert driver is not None
        return await driver.fetchrow(sql, *args)
    return (await conn.exec_driver_sql(sql, args)).first()


def _message_args(message: Message) -> tuple[object, ...]:
    """``$1``..``$8`` of the PostgreSQL append statements."""
    return (
        message.conversation_id,
        message.created_at,
        message.id,
        message.sender_id,
        message.message_type.value,
        message.content,
        msgspec.json.encode(message.image_urls).decode(),
        message.offer_id,
    )
