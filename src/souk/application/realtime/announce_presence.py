from __future__ import annotations

from uuid import UUID

from souk.application.ports.conversation_repository import ConversationReader
from souk.application.ports.event_bus import EventBus
from souk.domain.accounts.events import PresenceChanged

PARTNERS_MAX = 500  # the most recent partners; presence is a courtesy, not a broadcast


class AnnouncePresence:
    """``user:online`` / ``user:offline`` to the people the user has conversations with,
    on whichever process their sockets are. Called when a user's first connection opens
    and when the last one closes or expires — never per device. Nothing to commit: the
    event goes on the bus at once (the WebSocket projection makes the frames)."""

    def __init__(self, conversations: ConversationReader, bus: EventBus) -> None:
        self._conversations = conversations
        self._bus = bus

    async def __call__(self, user_id: UUID, online: bool) -> None:
        partners = await self._conversations.partners_of(user_id, PARTNERS_MAX)
        if partners:
            await self._bus.publish(PresenceChanged(user_id, online, tuple(sorted(set(partners)))))
