from __future__ import annotations

from uuid import UUID

from souk.application.ports.user_reader import UserReader
from souk.application.streams.views import Wire


class ChatIdentity:
    """How a viewer is shown in the room's chat; read when they first speak, not when they
    join (most viewers of a show never chat: a join storm reads no user)."""

    def __init__(self, users: UserReader) -> None:
        self._users = users

    async def __call__(self, user_id: UUID) -> Wire:
        user = await self._users.get(user_id)
        return {
            "id": str(user_id),
            "username": user.username.value if user else "deleted",
            "display_name": user.display_name if user else "Deleted user",
        }
