"""Read receipts: when a member's read mark moves forward, the other member learns it
(``message:read`` for one message, ``messages:read`` for everything) through the outbox."""

from __future__ import annotations

from uuid import UUID

from souk.application.events import EventRecorder
from souk.domain.negotiation.conversation import Conversation
from souk.domain.negotiation.events import ConversationRead


async def record_read(
    events: EventRecorder, conversation: Conversation, reader: UUID, read_before: int, message_id: UUID | None = None
) -> None:
    """Call after ``mark_read``; nothing is recorded when the mark did not move."""
    read_seq = conversation.last_read_seq(reader)
    if read_seq <= read_before:
        return
    await events.record(ConversationRead(conversation.id, reader, conversation.other(reader), read_seq, message_id))
