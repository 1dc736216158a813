"""What can be liked and commented on: a product or a stream, owned by someone."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from souk.domain.social.errors import CommentsDisabled, TargetNotFound


class TargetKind(StrEnum):
    PRODUCT = "product"
    STREAM = "stream"


@dataclass(frozen=True, slots=True)
class TargetRef:
    kind: TargetKind
    id: UUID


@dataclass(frozen=True, slots=True)
class SocialTarget:
    """``hidden``: only its owner sees it (an archived product, a stream not yet public);
    ``accepts_comments``: the owner's setting and the thing's state allow new comments."""

    ref: TargetRef
    owner_id: UUID
    accepts_comments: bool = True
    hidden: bool = False

    def visible_to(self, viewer: UUID | None) -> bool:
        return not self.hidden or viewer == self.owner_id

    def check_visible(self, viewer: UUID | None) -> SocialTarget:
        if not self.visible_to(viewer):
            raise TargetNotFound()
        return self

    def check_commentable(self) -> None:
        if not self.accepts_comments:
            raise CommentsDisabled()
