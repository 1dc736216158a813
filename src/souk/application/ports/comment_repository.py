from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from souk.application.ports.catalog_reader import SellerSummary
from souk.application.shared.cursors import SortKey
from souk.domain.social.comment import Comment
from souk.domain.social.target import TargetRef


@dataclass(frozen=True, slots=True)
class CommentEntry:
    """A comment as lists show it: with its author."""

    comment: Comment
    author: SellerSummary
    author_avatar_url: str | None

    @property
    def key(self) -> SortKey:
        return (self.comment.created_at.isoformat(), str(self.comment.id))


class CommentRepository(Protocol):
    async def add(self, comment: Comment) -> None:
        """Also counts a reply on its parent (``replies_count``)."""
        ...

    async def get(self, comment_id: UUID) -> Comment | None: ...

    async def delete(self, comment: Comment) -> None:
        """With its replies; a deleted reply no longer counts on its parent."""
        ...

    async def page(
        self,
        target: TargetRef,
        parent_id: UUID | None,
        after: SortKey | None,
        limit: int,
        hidden_authors: frozenset[UUID] = frozenset(),
    ) -> list[CommentEntry]:
        """Top-level comments newest first (``parent_id`` None), or one comment's replies
        oldest first; strictly after ``after`` (an entry's ``key``); none by ``hidden_authors``
        (blocked or suspended people, filtered in the query only when there are any)."""
        ...
