from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import delete, insert, select, update

from souk.adapters.sql.social_sql import newer_than
from souk.adapters.sql.tables import comments, users
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.catalog_reader import SellerSummary
from souk.application.ports.comment_repository import CommentEntry, CommentRepository
from souk.application.shared.cursors import SortKey
from souk.domain.social.comment import Comment
from souk.domain.social.target import TargetKind, TargetRef

_c = comments.c
COLUMNS = (_c.id, _c.target_type, _c.target_id, _c.author_id, _c.parent_id, _c.content, _c.replies_count, _c.created_at)


class SqlCommentRepository(CommentRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def add(self, comment: Comment) -> None:
        conn = await self._uow.connection()
        await conn.execute(
            insert(comments).values(
                id=comment.id,
                target_type=comment.target.kind.value,
                target_id=comment.target.id,
                author_id=comment.author_id,
                parent_id=comment.parent_id,
                content=comment.content,
                replies_count=0,
                created_at=comment.created_at,
            )
        )
        if comment.parent_id is not None:
            await self._count_reply(comment.parent_id, 1)

    async def get(self, comment_id: UUID) -> Comment | None:
        conn = await self._uow.connection()
        row = (await conn.execute(select(*COLUMNS).where(_c.id == comment_id))).mappings().one_or_none()
        return _comment(row) if row else None

    async def delete(self, comment: Comment) -> None:
        conn = await self._uow.connection()
        await conn.execute(delete(comments).where(_c.parent_id == comment.id))
        await conn.execute(delete(comments).where(_c.id == comment.id))
        if comment.parent_id is not None:
            await self._count_reply(comment.parent_id, -1)

    async def page(
        self,
        target: TargetRef,
        parent_id: UUID | None,
        after: SortKey | None,
        limit: int,
        hidden_authors: frozenset[UUID] = frozenset(),
    ) -> list[CommentEntry]:
        conn = await self._uow.connection()
        u = users.c
        query = select(*COLUMNS, u.username, u.display_name, u.seller_tier, u.avatar_url).join(
            users, u.id == _c.author_id
        )
        query = query.where(_c.target_type == target.kind.value, _c.target_id == target.id)
        newest_first = parent_id is None
        query = query.where(_c.parent_id.is_(None) if newest_first else _c.parent_id == parent_id)
        if hidden_authors:
            query = query.where(_c.author_id.not_in(sorted(hidden_authors)))
        if after is not None:
            query = query.where(newer_than(_c.created_at, _c.id, after, descending=newest_first))
        order = (_c.created_at.desc(), _c.id.desc()) if newest_first else (_c.created_at, _c.id)
        rows = (await conn.execute(query.order_by(*order).limit(limit))).mappings()
        return [
            CommentEntry(
                _comment(r),
                SellerSummary(r["author_id"], r["username"], r["display_name"], r["seller_tier"]),
                r["avatar_url"],
            )
            for r in rows
        ]

    async def _count_reply(self, parent_id: UUID, delta: int) -> None:
        conn = await self._uow.connection()
        await conn.execute(update(comments).where(_c.id == parent_id).values(replies_count=_c.replies_count + delta))


def _comment(row: Any) -> Comment:
    return Comment(
        id=row["id"],
        target=TargetRef(TargetKind(row["target_type"]), row["target_id"]),
        author_id=row["author_id"],
        content=row["content"],
        created_at=row["created_at"],
        parent_id=row["parent_id"],
        replies_count=row["replies_count"],
    )
