"""What the social feature tells the rest of Souk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from souk.domain.shared.events import DomainEvent
from souk.domain.social.target import TargetKind


@dataclass(frozen=True, slots=True)
class CommentCreated(DomainEvent):
    """``owner_id``: whose product or stream it is; ``parent_*``: the comment replied to."""

    topic: ClassVar[str] = "comment.created"

    comment_id: UUID
    target_type: TargetKind
    target_id: UUID
    owner_id: UUID
    author_id: UUID
    parent_id: UUID | None = None
    parent_author_id: UUID | None = None
