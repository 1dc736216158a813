from __future__ import annotations

from uuid import UUID

from sqlalchemy import bindparam, delete, literal, or_, select, tuple_, union_all
from sqlalchemy.dialects import postgresql, sqlite

from souk.adapters.catalog_keys import parse_time_key, time_key
from souk.adapters.sql.dead_connections import raw_call
from souk.adapters.sql.read_session import SqlReadSession
from souk.adapters.sql.tables import user_blocks, users
from souk.adapters.sql.types import UtcDateTime
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.blocks import BlockedEntry, Blocks
from souk.application.ports.catalog_reader import SellerSummary
from souk.application.shared.cursors import SortKey
from souk.application.shared.shared_read import SharedRead
from souk.domain.safety.block import Block

# Asked before every chat message and room join: built once, the values travel as parameters.
_b = user_blocks.c
EITHER_WAY = (
    select(_b.blocker_id)
    .where(
        or_(
            (_b.blocker_id == bindparam("a")) & (_b.blocked_id == bindparam("b")),
            (_b.blocker_id == bindparam("b")) & (_b.blocked_id == bindparam("a")),
        )
    )
    .limit(1)
)


def either_way_pg(a: str, b: str) -> str:
    """PostgreSQL text: a block between users ``a`` and ``b`` (parameters), either way — also
    for a write that must not happen then (a chat message: ``conversation_repository``)."""
    either = f"(blocker_id = {a} AND blocked_id = {b}) OR (blocker_id = {b} AND blocked_id = {a})"
    return f"SELECT 1 FROM user_blocks WHERE {either}"  # noqa: S608  (placeholders, not values)


# The same, as PostgreSQL text for asyncpg: no statement machinery per chat message.
_EITHER_WAY_PG = either_way_pg("$1", "$2") + " LIMIT 1"
# The blocks a list of users made (a shared read's users), through the primary key's prefix.
_MADE_BY = select(_b.blocker_id, _b.blocked_id).where(_b.blocker_id.in_(bindparam("ids", expanding=True)))
_MADE_BY_PG = "SELECT blocker_id, blocked_id FROM user_blocks WHERE blocker_id = ANY($1::uuid[])"
_MADE_BY_MAX = 1000  # users per statement, far below every driver's parameter limit

_Pair = frozenset[UUID]  # two users, either order


class SharedBlockReads(SharedRead[frozenset[_Pair], frozenset[_Pair]]):
    """The process's shared reads of blocks (APP scope): the ``either_way`` questions that
    arrive together (a show's opening rush: every joiner against the seller) are answered
    by one read of the blocks among the users they name, started after they all asked."""

    def __init__(self) -> None:
        super().__init__(frozenset.union)


class SqlBlocks(Blocks):
    """Writes in the use case's transaction; reads (asked on every feed, join and message)
    on the read engine, one pooled connection per statement, never holding a writer's;
    ``either_way`` through the process's shared reads when given them."""

    def __init__(self, uow: SqlUnitOfWork, reads: SqlReadSession, shared: SharedBlockReads | None = None) -> None:
        self._uow = uow
        self._reads = reads
        self._shared = shared

    async def add(self, block: Block) -> bool:
        conn = await self._uow.connection()
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        values = {"blocker_id": block.blocker_id, "blocked_id": block.blocked_id, "created_at": block.created_at}
        result = await conn.execute(dialect.insert(user_blocks).values(**values).on_conflict_do_nothing())
        return bool(result.rowcount)

    async def remove(self, blocker_id: UUID, blocked_id: UUID) -> bool:
        conn = await self._uow.connection()
        result = await conn.execute(
            delete(user_blocks).where(user_blocks.c.blocker_id == blocker_id, user_blocks.c.blocked_id == blocked_id)
        )
        return bool(result.rowcount)

    async def either_way(self, a: UUID, b: UUID) -> bool:
        if self._shared is None:
            if self._reads.engine.dialect.name == "postgresql":
                return await raw_call(self._reads.engine, "fetchval", _EITHER_WAY_PG, (a, b)) is not None
            conn = await self._reads.connection()
            return (await conn.execute(EITHER_WAY, {"a": a, "b": b})).first() is not None
        pair = frozenset((a, b))
        return pair in await self._shared(frozenset((pair,)), self._blocked_pairs)

    async def _blocked_pairs(self, pairs: frozenset[_Pair]) -> frozenset[_Pair]:
        """Which of ``pairs`` are in a block, either way: of the blocks their users made, those
        between the two users of a pair (one statement per thousand users)."""
        users = sorted({user for pair in pairs for user in pair})
        found: set[_Pair] = set()
        if self._reads.engine.dialect.name == "postgresql":  # one prepared statement, straight to asyncpg
            for start in range(0, len(users), _MADE_BY_MAX):
                chunk = users[start : start + _MADE_BY_MAX]
                found.update(
                    frozenset(row) for row in await raw_call(self._reads.engine, "fetch", _MADE_BY_PG, (chunk,))
                )
            return frozenset(found & pairs)
        conn = await self._reads.connection()
        for start in range(0, len(users), _MADE_BY_MAX):
            rows = await conn.execute(_MADE_BY, {"ids": users[start : start + _MADE_BY_MAX]})
            found.update(frozenset(row) for row in rows)
        return frozenset(found & pairs)

    async def shut_out(self, user_id: UUID) -> frozenset[UUID]:
        conn = await self._reads.connection()
        query = union_all(
            select(user_blocks.c.blocked_id.label("other")).where(user_blocks.c.blocker_id == user_id),
            select(user_blocks.c.blocker_id.label("other")).where(user_blocks.c.blocked_id == user_id),
        )
        return frozenset((await conn.execute(query)).scalars())

    async def blocked_by(self, blocker_id: UUID, after: SortKey | None, limit: int) -> list[BlockedEntry]:
        conn = await self._reads.connection()
        query = (
            select(
                users.c.id,
                users.c.username,
                users.c.display_name,
                users.c.seller_tier,
                users.c.avatar_url,
                user_blocks.c.created_at,
            )
            .join_from(user_blocks, users, users.c.id == user_blocks.c.blocked_id)
            .where(user_blocks.c.blocker_id == blocker_id)
        )
        if after is not None:
            at, ident = parse_time_key(after)
            query = query.where(
                tuple_(user_blocks.c.created_at, user_blocks.c.blocked_id)
                < tuple_(literal(at, UtcDateTime()), literal(ident, users.c.id.type))
            )
        query = query.order_by(user_blocks.c.created_at.desc(), user_blocks.c.blocked_id.desc()).limit(limit)
        rows = (await conn.execute(query)).mappings().all()
        return [
            BlockedEntry(
                SellerSummary(r["id"], r["username"], r["display_name"], r["seller_tier"]),
                r["avatar_url"],
                r["created_at"],
                time_key(r["created_at"], r["id"]),
            )
            for r in rows
        ]
