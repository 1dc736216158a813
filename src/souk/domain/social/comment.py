"""Comments on a product or a stream replay: threaded one level deep."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from souk.domain.social.errors import InvalidComment, NotYourComment, ReplyTooDeep
from souk.domain.social.target import SocialTarget, TargetRef

CONTENT_MAX = 1000


@dataclass(slots=True)
class Comment:
    id: UUID
    target: TargetRef
    author_id: UUID
    content: str
    created_at: datetime
    parent_id: UUID | None = None
    replies_count: int = 0

    @classmethod
    def write(
        cls, comment_id: UUID, target: TargetRef, author_id: UUID, content: str, parent: Comment | None, now: datetime
    ) -> Comment:
        text = content.strip()
        if not text or len(text) > CONTENT_MAX:
            raise InvalidComment(field="content")
        if parent is not None and (parent.parent_id is not None or parent.target != target):
            raise ReplyTooDeep(field="parent_id")
        return cls(comment_id, target, author_id, text, now, parent.id if parent else None)

    def check_deletable_by(self, user_id: UUID, target: SocialTarget | None) -> None:
        """The author, or the owner of the product/stream it is on."""
        if user_id == self.author_id or (target is not None and user_id == target.owner_id):
            return
        raise NotYourComment()
