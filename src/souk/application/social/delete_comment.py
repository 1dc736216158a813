from __future__ import annotations

from uuid import UUID

from souk.application.ports.comment_repository import CommentRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.social.targets import SocialTargets
from souk.domain.social.errors import CommentNotFound


class DeleteComment:
    """By its author or by the owner of the product/stream; takes its replies with it."""

    def __init__(self, uow: UnitOfWork, targets: SocialTargets, comments: CommentRepository) -> None:
        self._uow = uow
        self._targets = targets
        self._comments = comments

    async def __call__(self, user_id: UUID, comment_id: UUID) -> None:
        comment = await self._comments.get(comment_id)
        if comment is None:
            raise CommentNotFound()
        target = await self._targets.find(comment.target)
        if target is not None and not target.visible_to(user_id) and user_id != comment.author_id:
            raise CommentNotFound()
        comment.check_deletable_by(user_id, target)
        await self._comments.delete(comment)
        await self._uow.commit()
