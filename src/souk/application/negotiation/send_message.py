from __future__ import annotations

from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.negotiation.chat import Chat
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.negotiation.conversation import Message, MessageDraft


class SendMessage:
    def __init__(self, uow: UnitOfWork, chat: Chat, events: EventRecorder, clock: Clock) -> None:
        self._uow = uow
        self._chat = chat
        self._events = events
        self._clock = clock

    async def __call__(self, me: UUID, conversation_id: UUID, draft: MessageDraft) -> Message:
        conversation = await self._chat.member_of(conversation_id, me)
        message = await self._chat.post(conversation, me, draft, self._clock.now())
        await self._uow.commit()
        await self._events.publish()
        return message
