from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Table, delete, literal, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from souk.adapters.catalog_keys import parse_time_key, time_key
from souk.adapters.sql.tables import follows, product_saves, products, users
from souk.adapters.sql.types import UtcDateTime
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.catalog_reader import SellerSummary
from souk.application.ports.engagement_repository import FollowEntry, FollowRepository, SaveRepository
from souk.application.shared.cursors import SortKey


async def _insert_new(conn: AsyncConnection, table: Table, values: dict[str, Any]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when a row went in."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    result = await conn.execute(dialect.insert(table).values(**values).on_conflict_do_nothing())
    return bool(result.rowcount)


class SqlSaveRepository(SaveRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def save(self, user_id: UUID, product_id: UUID, at: datetime) -> bool:
        conn = await self._uow.connection()
        values = {"user_id": user_id, "product_id": product_id, "created_at": at}
        if not await _insert_new(conn, product_saves, values):
            return False
        await self._bump(conn, product_id, 1)
        return True

    async def unsave(self, user_id: UUID, product_id: UUID) -> bool:
        conn = await self._uow.connection()
        result = await conn.execute(
            delete(product_saves).where(product_saves.c.user_id == user_id, product_saves.c.product_id == product_id)
        )
        if not result.rowcount:
            return False
        await self._bump(conn, product_id, -1)
        return True

    @staticmethod
    async def _bump(conn: AsyncConnection, product_id: UUID, delta: int) -> None:
        await conn.execute(
            update(products).where(products.c.id == product_id).values(saves_count=products.c.saves_count + delta)
        )


class SqlFollowRepository(FollowRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def follow(self, follower_id: UUID, followee_id: UUID, at: datetime) -> bool:
        conn = await self._uow.connection()
        values = {"follower_id": follower_id, "followee_id": followee_id, "created_at": at}
        if not await _insert_new(conn, follows, values):
            return False
        await self._bump(conn, follower_id, followee_id, 1)
        return True

    async def unfollow(self, follower_id: UUID, followee_id: UUID) -> bool:
        conn = await self._uow.connection()
        result = await conn.execute(
            delete(follows).where(follows.c.follower_id == follower_id, follows.c.followee_id == followee_id)
        )
        if not result.rowcount:
            return False
        await self._bump(conn, follower_id, followee_id, -1)
        return True

    async def followers(self, user_id: UUID, after: SortKey | None, limit: int) -> list[FollowEntry]:
        return await self._page(follows.c.followee_id, follows.c.follower_id, user_id, after, limit)

    async def following(self, user_id: UUID, after: SortKey | None, limit: int) -> list[FollowEntry]:
        return await self._page(follows.c.follower_id, follows.c.followee_id, user_id, after, limit)

    async def _page(self, me: Any, other: Any, user_id: UUID, after: SortKey | None, limit: int) -> list[FollowEntry]:
        conn = await self._uow.connection()
        query = (
            select(
                users.c.id,
                users.c.username,
                users.c.display_name,
                users.c.seller_tier,
                users.c.avatar_url,
                follows.c.created_at,
            )
            .join_from(follows, users, users.c.id == other)
            .where(me == user_id)
        )
        if after is not None:
            at, ident = parse_time_key(after)
            query = query.where(
                tuple_(follows.c.created_at, other)
                < tuple_(literal(at, UtcDateTime()), literal(ident, users.c.id.type))
            )
        query = query.order_by(follows.c.created_at.desc(), other.desc()).limit(limit)
        rows = (await conn.execute(query)).mappings().all()
        return [
            FollowEntry(
                SellerSummary(r["id"], r["username"], r["display_name"], r["seller_tier"]),
                r["avatar_url"],
                time_key(r["created_at"], r["id"]),
            )
            for r in rows
        ]

    @staticmethod
    async def _bump(conn: AsyncConnection, follower_id: UUID, followee_id: UUID, delta: int) -> None:
        # Always in id order, so two opposite follows cannot deadlock on the two rows.
        for user_id in sorted((follower_id, followee_id)):
            column = "following_count" if user_id == follower_id else "followers_count"
            await conn.execute(update(users).where(users.c.id == user_id).values({column: users.c[column] + delta}))
