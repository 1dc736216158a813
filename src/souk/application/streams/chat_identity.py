from __future__ import annotations

from uuid import UUID

from souk.application.ports.user_reader import UserReader
from souk.domain.streams.events import ChatAuthor


class ChatIdentity:
    """How a viewer is shown in the room's chat; read when they first speak, not when they
    join (most viewers of a show never chat: a join storm reads no user)."""

    def __init__(self, users: UserReader) -> None:
        self._users = users

    async def __call__(self, user_id: UUID) -> ChatAuthor:
        user = await self._users.get(user_id)
        if user is None:
            return ChatAuthor(user_id, "deleted", "Deleted user")
        return ChatAuthor(user_id, user.username.value, user.display_name)
