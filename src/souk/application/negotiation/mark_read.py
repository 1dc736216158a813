from __future__ import annotations

from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.negotiation.chat import Chat
from souk.application.negotiation.read_receipts import record_read
from souk.application.ports.conversation_repository import ConversationRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.negotiation.errors import MessageNotFound


class MarkRead:
    """Everything read (REST), or everything up to one message (``message:read``)."""

    def __init__(
        self,
        uow: UnitOfWork,
        chat: Chat,
        conversations: ConversationRepository,
        events: EventRecorder,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._chat = chat
        self._conversations = conversations
        self._events = events
        self._clock = clock

    async def __call__(self, me: UUID, conversation_id: UUID, message_id: UUID | None = None) -> None:
        conversation = await self._chat.member_of(conversation_id, me)
        up_to: int | None = None
        if message_id is not None:
            message = await self._conversations.message(message_id)
            if message is None or message.conversation_id != conversation.id:
                raise MessageNotFound()
            up_to = message.seq
        before = conversation.last_read_seq(me)
        conversation.mark_read(me, self._clock.now(), up_to)
        await self._conversations.save_state(conversation)
        await record_read(self._events, conversation, me, before, message_id)
        await self._uow.commit()
        await self._events.publish()
