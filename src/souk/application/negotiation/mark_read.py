from __future__ import annotations

from uuid import UUID

from souk.application.negotiation.chat import Chat
from souk.application.ports.clock import Clock
from souk.application.ports.conversation_repository import ConversationRepository
from souk.application.ports.unit_of_work import UnitOfWork


class MarkRead:
    def __init__(self, uow: UnitOfWork, chat: Chat, conversations: ConversationRepository, clock: Clock) -> None:
        self._uow = uow
        self._chat = chat
        self._conversations = conversations
        self._clock = clock

    async def __call__(self, me: UUID, conversation_id: UUID) -> None:
        conversation = await self._chat.member_of(conversation_id, me)
        conversation.mark_read(me, self._clock.now())
        await self._conversations.save_state(conversation)
        await self._uow.commit()
