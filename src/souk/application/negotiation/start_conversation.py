from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.negotiation.chat import Chat
from souk.application.ports.conversation_repository import ConversationRepository
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_reader import UserReader
from souk.application.shared.banned_words import BannedWords
from souk.application.shared.clock import Clock
from souk.domain.catalog.errors import ProductNotFound
from souk.domain.catalog.product import ProductStatus
from souk.domain.negotiation.conversation import Conversation, MessageDraft
from souk.domain.negotiation.errors import (
    CannotMessageSelf,
    ProductNotBetweenYou,
    UserNotFound,
)


@dataclass(frozen=True, slots=True)
class Started:
    conversation: Conversation
    created: bool


class StartConversation:
    def __init__(
        self,
        uow: UnitOfWork,
        chat: Chat,
        conversations: ConversationRepository,
        products: ProductRepository,
        users: UserReader,
        events: EventRecorder,
        clock: Clock,
        words: BannedWords,
    ) -> None:
        self._words = words
        self._uow = uow
        self._chat = chat
        self._conversations = conversations
        self._products = products
        self._users = users
        self._events = events
        self._clock = clock

    async def __call__(self, me: UUID, other_id: UUID, product_id: UUID | None, initial_message: str | None) -> Started:
        now = self._clock.now()
        if other_id == me:
            raise CannotMessageSelf()
        if await self._users.get(other_id) is None:
            raise UserNotFound()
        await self._chat.ensure_apart(me, other_id)
        draft = MessageDraft.from_user("text", initial_message, ()) if initial_message is not None else None
        buyer, seller = me, other_id
        if product_id is not None:
            product = await self._products.get(product_id)
            if product is None or (product.status is ProductStatus.ARCHIVED and product.seller_id != me):
                raise ProductNotFound()
            if product.seller_id not in (me, other_id):
                raise ProductNotBetweenYou()
            buyer = other_id if product.seller_id == me else me
            seller = product.seller_id
        if draft is not None:  # the seller's banned words hold in their conversations
            draft = replace(draft, content=await self._words.clean(draft.content, seller, "initial_message"))
        existing = await self._conversations.find(buyer, seller, product_id)
        conversation = existing or await self._chat.between(buyer, seller, product_id, now)
        if draft is not None:
            await self._chat.post(conversation, me, draft, now)
        await self._uow.commit()
        await self._events.publish()
        return Started(conversation, existing is None)
