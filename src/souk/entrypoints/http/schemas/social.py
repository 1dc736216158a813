"""Bodies and answers of likes, comments, notifications and push tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from souk.application.ports.comment_repository import CommentEntry
from souk.application.shared.paging import Page
from souk.domain.notifications.push import TOKEN_MAX, PushToken
from souk.domain.social.comment import CONTENT_MAX
from souk.entrypoints.http.schemas.catalog import UserSummaryOut
from souk.entrypoints.http.schemas.common import Body
from souk.entrypoints.wire.notifications import NotificationOut


class CommentCreate(Body):
    content: Annotated[str, msgspec.Meta(min_length=1, max_length=CONTENT_MAX, description="1-1000 characters")]
    parent_id: Annotated[
        UUID | None, msgspec.Meta(description="Reply to this top-level comment (replies are one level deep)")
    ] = None


class CommentOut(msgspec.Struct):
    id: UUID
    target_type: str
    target_id: UUID
    parent_id: UUID | None
    author: UserSummaryOut
    content: str
    replies_count: int
    created_at: datetime

    @classmethod
    def of(cls, entry: CommentEntry) -> CommentOut:
        c, a = entry.comment, entry.author
        author = UserSummaryOut(a.id, a.username, a.display_name, entry.author_avatar_url, a.seller_tier)
        return cls(
            c.id, c.target.kind.value, c.target.id, c.parent_id, author, c.content, c.replies_count, c.created_at
        )


class CommentPageOut(msgspec.Struct):
    items: list[CommentOut]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[CommentEntry]) -> CommentPageOut:
        return cls([CommentOut.of(e) for e in page.items], page.next_cursor)


class NotificationPageOut(msgspec.Struct):
    items: list[NotificationOut]
    next_cursor: str | None


class UnreadCountOut(msgspec.Struct):
    count: int


class PushTokenIn(Body):
    token: Annotated[str, msgspec.Meta(min_length=1, max_length=TOKEN_MAX, description="FCM/APNs device token")]
    platform: Literal["ios", "android", "web"]


class PushTokenOut(msgspec.Struct):
    token: str
    platform: str
    last_seen_at: datetime

    @classmethod
    def of(cls, token: PushToken) -> PushTokenOut:
        return cls(token.token, token.platform.value, token.last_seen_at)
