from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from souk.adapters.sql.social_sql import upsert_insert
from souk.adapters.sql.tables import like_counts, likes, products
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.like_repository import LikeRepository
from souk.domain.social.target import TargetKind, TargetRef

_l = likes.c


class SqlLikeRepository(LikeRepository):
    """One row per (target, user); the count lives on the product row for products and in
    ``like_counts`` for streams, moved in the same transaction as the like."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def like(self, user_id: UUID, target: TargetRef, at: datetime) -> bool:
        conn = await self._uow.connection()
        row = {"target_type": target.kind.value, "target_id": target.id, "user_id": user_id, "created_at": at}
        result = await conn.execute(upsert_insert(conn, likes).values(**row).on_conflict_do_nothing())
        if not result.rowcount:
            return False
        await _bump(conn, target, 1)
        return True

    async def unlike(self, user_id: UUID, target: TargetRef) -> bool:
        conn = await self._uow.connection()
        result = await conn.execute(
            delete(likes).where(_l.target_type == target.kind.value, _l.target_id == target.id, _l.user_id == user_id)
        )
        if not result.rowcount:
            return False
        await _bump(conn, target, -1)
        return True

    async def counts(self, kind: TargetKind, ids: Collection[UUID]) -> dict[UUID, int]:
        found = dict.fromkeys(ids, 0)
        if not found:
            return found
        conn = await self._uow.connection()
        if kind is TargetKind.PRODUCT:
            query = select(products.c.id, products.c.likes_count).where(products.c.id.in_(list(found)))
        else:
            c = like_counts.c
            query = select(c.target_id, c.likes_count).where(c.target_type == kind.value, c.target_id.in_(list(found)))
        found.update({row[0]: int(row[1]) for row in await conn.execute(query)})
        return found


async def _bump(conn: AsyncConnection, target: TargetRef, delta: int) -> None:
    if target.kind is TargetKind.PRODUCT:
        await conn.execute(
            update(products).where(products.c.id == target.id).values(likes_count=products.c.likes_count + delta)
        )
        return
    c = like_counts.c
    insert = upsert_insert(conn, like_counts).values(
        target_type=target.kind.value, target_id=target.id, likes_count=max(delta, 0)
    )
    await conn.execute(
        insert.on_conflict_do_update(
            index_elements=[c.target_type, c.target_id], set_={"likes_count": c.likes_count + delta}
        )
    )
