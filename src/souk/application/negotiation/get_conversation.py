from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.negotiation.chat import Chat
from souk.application.negotiation.message_offers import offers_of
from souk.application.negotiation.read_receipts import record_read
from souk.application.ports.conversation_repository import ConversationRepository
from souk.application.ports.offer_repository import OfferReader
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.negotiation.conversation import Conversation, Message
from souk.domain.negotiation.offer import Offer

LATEST = 20


@dataclass(frozen=True, slots=True)
class ConversationView:
    conversation: Conversation
    messages: list[Message]
    offers: dict[UUID, Offer]


class GetConversation:
    """Details and the latest messages; opening it marks it read for the caller."""

    def __init__(
        self,
        uow: UnitOfWork,
        chat: Chat,
        conversations: ConversationRepository,
        offers: OfferReader,
        events: EventRecorder,
        clock: Clock,
    ) -> None:
        self._events = events
        self._uow = uow
        self._chat = chat
        self._conversations = conversations
        self._offers = offers
        self._clock = clock

    async def __call__(self, me: UUID, conversation_id: UUID) -> ConversationView:
        conversation = await self._chat.member_of(conversation_id, me)
        before = conversation.last_read_seq(me)
        conversation.mark_read(me, self._clock.now())
        await self._conversations.save_state(conversation)
        await record_read(self._events, conversation, me, before)
        messages = await self._conversations.messages(conversation.id, before_seq=None, after_seq=None, limit=LATEST)
        shown = await offers_of(messages, self._offers)
        await self._uow.commit()
        await self._events.publish()
        return ConversationView(conversation, messages, shown)
