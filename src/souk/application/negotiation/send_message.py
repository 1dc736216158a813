from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.negotiation.chat import Chat
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.banned_words import BannedWords
from souk.application.shared.clock import Clock
from souk.domain.negotiation.conversation import Message, MessageDraft


class SendMessage:
    def __init__(self, uow: UnitOfWork, chat: Chat, events: EventRecorder, clock: Clock, words: BannedWords) -> None:
        self._words = words
        self._uow = uow
        self._chat = chat
        self._events = events
        self._clock = clock

    async def __call__(self, me: UUID, conversation_id: UUID, draft: MessageDraft) -> Message:
        members = await self._chat.members_of(conversation_id, me)  # (buyer, seller)
        if draft.content:  # the seller's banned words hold in their conversations
            draft = replace(draft, content=await self._words.clean(draft.content, members[1], "content"))
        # the use case's only write: on PostgreSQL it may be committed with its outbox entry
        # by the store itself (one statement); the commit then has nothing left to do
        message = await self._chat.send(conversation_id, members, me, draft, self._clock.now())
        await self._uow.commit()
        await self._events.publish()
        return message
