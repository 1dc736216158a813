from __future__ import annotations

from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.catalog_reader import SellerSummary
from souk.application.ports.comment_repository import CommentEntry, CommentRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.banned_words import BannedWords
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.application.social.targets import SocialTargets
from souk.domain.accounts.errors import UserNotFound
from souk.domain.social.comment import Comment
from souk.domain.social.errors import CommentNotFound
from souk.domain.social.events import CommentCreated
from souk.domain.social.target import TargetRef


class CommentOn:
    """A comment, or a reply to a top-level comment of the same target (one level deep),
    where comments are on; raises ``comment.created`` for the notifications."""

    def __init__(
        self,
        uow: UnitOfWork,
        targets: SocialTargets,
        comments: CommentRepository,
        users: UserRepository,
        events: EventRecorder,
        clock: Clock,
        words: BannedWords,
        ids: Ids,
    ) -> None:
        self._words = words
        self._uow = uow
        self._targets = targets
        self._comments = comments
        self._users = users
        self._events = events
        self._clock = clock
        self._ids = ids

    async def __call__(self, author_id: UUID, ref: TargetRef, content: str, parent_id: UUID | None) -> CommentEntry:
        target = await self._targets.for_action(ref, author_id)
        target.check_commentable()
        content = await self._words.clean(content, target.owner_id, "content")
        parent = await self._comments.get(parent_id) if parent_id else None
        if parent_id is not None and (parent is None or parent.target != ref):
            raise CommentNotFound("No such comment here to reply to.", field="parent_id")
        author = await self._users.get(author_id)
        if author is None:  # pragma: no cover - the token's user was deleted
            raise UserNotFound()
        comment = Comment.write(self._ids.new(), ref, author_id, content, parent, self._clock.now())
        await self._comments.add(comment)
        await self._events.record(
            CommentCreated(
                comment.id,
                ref.kind,
                ref.id,
                target.owner_id,
                author_id,
                parent.id if parent else None,
                parent.author_id if parent else None,
            )
        )
        await self._uow.commit()
        await self._events.publish()
        summary = SellerSummary(author.id, author.username.value, author.display_name, author.seller_tier.value)
        return CommentEntry(comment, summary, author.avatar_url)
