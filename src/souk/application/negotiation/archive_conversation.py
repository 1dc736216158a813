from __future__ import annotations

from uuid import UUID

from souk.application.negotiation.chat import Chat
from souk.application.ports.conversation_repository import ConversationRepository
from souk.application.ports.unit_of_work import UnitOfWork


class ArchiveConversation:
    def __init__(self, uow: UnitOfWork, chat: Chat, conversations: ConversationRepository) -> None:
        self._uow = uow
        self._chat = chat
        self._conversations = conversations

    async def __call__(self, me: UUID, conversation_id: UUID) -> None:
        conversation = await self._chat.member_of(conversation_id, me)
        conversation.archive(me)
        await self._conversations.save_state(conversation)
        await self._uow.commit()
