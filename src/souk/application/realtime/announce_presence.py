from __future__ import annotations

from uuid import UUID

from souk.application.ports.conversation_repository import ConversationReader
from souk.application.realtime.publisher import RealtimePublisher

PARTNERS_MAX = 500  # the most recent partners; presence is a courtesy, not a broadcast


class AnnouncePresence:
    """``user:online`` / ``user:offline`` to the people the user has conversations with,
    on whichever process their sockets are. Called when a user's first connection opens
    and when the last one closes or expires — never per device."""

    def __init__(self, conversations: ConversationReader, publisher: RealtimePublisher) -> None:
        self._conversations = conversations
        self._publisher = publisher

    async def __call__(self, user_id: UUID, online: bool) -> None:
        partners = await self._conversations.partners_of(user_id, PARTNERS_MAX)
        frame_type = "user:online" if online else "user:offline"
        await self._publisher.to_users(partners, frame_type, {"user_id": str(user_id)})
