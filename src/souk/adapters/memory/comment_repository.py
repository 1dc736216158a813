from __future__ import annotations

from uuid import UUID

from souk.adapters.catalog_keys import parse_time_key
from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.catalog_reader import SellerSummary
from souk.application.ports.comment_repository import CommentEntry, CommentRepository
from souk.application.shared.cursors import SortKey
from souk.domain.accounts.user import User
from souk.domain.social.comment import Comment
from souk.domain.social.target import TargetRef


class InMemoryCommentRepository(CommentRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, Comment] = uow.store.table("comments")
        self._users: dict[UUID, User] = uow.store.table("users")

    async def add(self, comment: Comment) -> None:
        self._uow.before_write()
        self._rows[comment.id] = clone(comment)
        self._rows[comment.id].replies_count = 0
        if comment.parent_id is not None and comment.parent_id in self._rows:
            self._rows[comment.parent_id].replies_count += 1

    async def get(self, comment_id: UUID) -> Comment | None:
        found = self._rows.get(comment_id)
        return clone(found) if found else None

    async def delete(self, comment: Comment) -> None:
        self._uow.before_write()
        for reply in [c for c in self._rows.values() if c.parent_id == comment.id]:
            del self._rows[reply.id]
        self._rows.pop(comment.id, None)
        if comment.parent_id is not None and comment.parent_id in self._rows:
            self._rows[comment.parent_id].replies_count -= 1

    async def page(
        self,
        target: TargetRef,
        parent_id: UUID | None,
        after: SortKey | None,
        limit: int,
        hidden_authors: frozenset[UUID] = frozenset(),
    ) -> list[CommentEntry]:
        rows = [
            c
            for c in self._rows.values()
            if c.target == target and c.parent_id == parent_id and c.author_id not in hidden_authors
        ]
        newest_first = parent_id is None
        rows.sort(key=lambda c: (c.created_at, c.id), reverse=newest_first)
        if after is not None:
            bound = parse_time_key(after)
            rows = [c for c in rows if ((c.created_at, c.id) < bound if newest_first else (c.created_at, c.id) > bound)]
        return [self._entry(c) for c in rows[:limit]]

    def _entry(self, comment: Comment) -> CommentEntry:
        user = self._users[comment.author_id]
        summary = SellerSummary(user.id, user.username.value, user.display_name, user.seller_tier.value)
        return CommentEntry(clone(comment), summary, user.avatar_url)
