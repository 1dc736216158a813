from __future__ import annotations

from typing import Literal
from uuid import UUID

from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.engagement_repository import FollowEntry, FollowRepository
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.paging import Page, paginate
from souk.domain.accounts.errors import UserNotFound


class ListFollows:
    """A user's followers or the users they follow, most recent first."""

    def __init__(self, users: UserRepository, follows: FollowRepository, codec: CursorCodec) -> None:
        self._users = users
        self._follows = follows
        self._codec = codec

    async def __call__(
        self, user_id: UUID, direction: Literal["followers", "following"], cursor: str | None, limit: int
    ) -> Page[FollowEntry]:
        if await self._users.get(user_id) is None:
            raise UserNotFound()
        fetch = self._follows.followers if direction == "followers" else self._follows.following
        return await paginate(
            self._codec, f"{direction}:{user_id}", cursor, limit, lambda after, n: fetch(user_id, after, n)
        )
