from __future__ import annotations

from uuid import UUID

from souk.application.ports.comment_repository import CommentEntry, CommentRepository
from souk.application.ports.cursor_codec import CursorCodec
from souk.application.shared.paging import Page, paginate
from souk.application.shared.visibility import Visibility
from souk.application.social.targets import SocialTargets
from souk.domain.social.errors import CommentNotFound
from souk.domain.social.target import TargetRef


class ListComments:
    """Top-level comments newest first, or (``parent_id``) one comment's replies oldest first."""

    def __init__(
        self, targets: SocialTargets, comments: CommentRepository, visibility: Visibility, codec: CursorCodec
    ) -> None:
        self._targets = targets
        self._visibility = visibility
        self._comments = comments
        self._codec = codec

    async def __call__(
        self, ref: TargetRef, viewer: UUID | None, parent_id: UUID | None, cursor: str | None, limit: int
    ) -> Page[CommentEntry]:
        await self._targets.visible(ref, viewer)
        if parent_id is not None:
            parent = await self._comments.get(parent_id)
            if parent is None or parent.target != ref:
                raise CommentNotFound(field="parent_id")
        hidden = await self._visibility.hidden_from(viewer)
        scope = f"comments:{ref.kind.value}:{ref.id}:{parent_id}"
        return await paginate(
            self._codec, scope, cursor, limit, lambda after, n: self._comments.page(ref, parent_id, after, n, hidden)
        )
