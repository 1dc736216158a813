"""Use cases of conversations and messages."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.negotiation.chat import Chat
from souk.application.negotiation.paging import Page, page_of
from souk.application.ports.catalog_reader import CatalogReader
from souk.application.ports.clock import Clock
from souk.application.ports.conversation_repository import (
    ConversationReader,
    ConversationRepository,
    ConversationSummary,
)
from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.offer_repository import OfferReader
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_reader import UserReader
from souk.domain.catalog.errors import ProductNotFound
from souk.domain.catalog.product import Product, ProductStatus
from souk.domain.negotiation.conversation import Conversation, Message, MessageDraft
from souk.domain.negotiation.errors import (
    CannotMessageSelf,
    ConversationNotFound,
    ProductNotBetweenYou,
    UserNotFound,
)
from souk.domain.negotiation.offer import Offer
from souk.domain.shared.errors import InvalidInput

LATEST = 20
FILTERS = ("all", "unread", "archived")


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
    ) -> None:
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
            raise CannotMessageSelf(field="other_user_id")
        if await self._users.get(other_id) is None:
            raise UserNotFound()
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
        existing = await self._conversations.find(buyer, seller, product_id)
        conversation = existing or await self._chat.between(buyer, seller, product_id, now)
        if draft is not None:
            await self._chat.post(conversation, me, draft, now)
        await self._uow.commit()
        await self._events.publish()
        return Started(conversation, existing is None)


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


@dataclass(frozen=True, slots=True)
class ConversationView:
    conversation: Conversation
    messages: list[Message]
    offers: dict[UUID, Offer]


async def offers_of(messages: list[Message], offers: OfferReader) -> dict[UUID, Offer]:
    """The offers the messages are about, as they stand now (a message shows its offer)."""
    found: dict[UUID, Offer] = {}
    for offer_id in {m.offer_id for m in messages if m.offer_id is not None}:
        offer = await offers.get(offer_id)
        if offer is not None:
            found[offer_id] = offer
    return found


class GetConversation:
    """Details and the latest messages; opening it marks it read for the caller."""

    def __init__(
        self,
        uow: UnitOfWork,
        chat: Chat,
        conversations: ConversationRepository,
        offers: OfferReader,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._chat = chat
        self._conversations = conversations
        self._offers = offers
        self._clock = clock

    async def __call__(self, me: UUID, conversation_id: UUID) -> ConversationView:
        conversation = await self._chat.member_of(conversation_id, me)
        conversation.mark_read(me, self._clock.now())
        await self._conversations.save_state(conversation)
        messages = await self._conversations.messages(conversation.id, before_seq=None, after_seq=None, limit=LATEST)
        shown = await offers_of(messages, self._offers)
        await self._uow.commit()
        return ConversationView(conversation, messages, shown)


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


@dataclass(frozen=True, slots=True)
class MessagesQuery:
    before: UUID | None = None
    after_seq: int | None = None
    cursor: str | None = None
    limit: int = LATEST


@dataclass(frozen=True, slots=True)
class MessageHistory:
    conversation: Conversation
    items: list[Message]
    next_cursor: str | None
    offers: dict[UUID, Offer]


class GetMessages:
    """Newest first below ``before`` (or the cursor); with ``after_seq``, oldest first from
    there — a reconnecting client pages forward until ``next_cursor`` is null."""

    def __init__(self, conversations: ConversationReader, offers: OfferReader, codec: CursorCodec) -> None:
        self._conversations = conversations
        self._offers = offers
        self._codec = codec

    async def __call__(self, me: UUID, conversation_id: UUID, query: MessagesQuery) -> MessageHistory:
        conversation = await self._conversations.get(conversation_id)
        if conversation is None:
            raise ConversationNotFound()
        conversation.require_member(me)
        if query.after_seq is not None and query.after_seq < 0:
            raise InvalidInput("after_seq is 0 or more.", field="after_seq")
        start: int | None = None
        if query.before is not None:
            anchor = await self._conversations.message(query.before)
            if anchor is None or anchor.conversation_id != conversation.id:
                raise InvalidInput("before is the id of a message of this conversation.", field="before")
            start = anchor.seq
        forward = query.after_seq is not None
        scope = f"messages:{conversation.id}:{'up' if forward else 'down'}"

        async def fetch(after: tuple[str | int | float, ...] | None, n: int) -> list[Message]:
            seq = int(after[0]) if after else None
            if forward:
                return await self._conversations.messages(
                    conversation.id, before_seq=None, after_seq=seq if seq is not None else query.after_seq, limit=n
                )
            return await self._conversations.messages(
                conversation.id, before_seq=seq if seq is not None else start, after_seq=None, limit=n
            )

        page = await page_of(self._codec, scope, query.cursor, query.limit, fetch, lambda m: (m.seq,))
        return MessageHistory(conversation, page.items, page.next_cursor, await offers_of(page.items, self._offers))


@dataclass(frozen=True, slots=True)
class ConversationCard:
    summary: ConversationSummary
    other_user_id: UUID
    other_username: str
    other_display_name: str
    product: Product | None = None


class ListConversations:
    def __init__(
        self,
        conversations: ConversationReader,
        users: UserReader,
        catalog: CatalogReader,
        codec: CursorCodec,
    ) -> None:
        self._conversations = conversations
        self._users = users
        self._catalog = catalog
        self._codec = codec

    async def __call__(self, me: UUID, filter_: str, cursor: str | None, limit: int) -> Page[ConversationCard]:
        if filter_ not in FILTERS:
            raise InvalidInput("filter is all, unread or archived.", field="filter")

        async def fetch(after: tuple[str | int | float, ...] | None, n: int) -> list[ConversationCard]:
            cards = []
            for summary in await self._conversations.of_user(me, filter_, after, n):
                other_id = summary.conversation.other(me)
                other = await self._users.get(other_id)
                product_id = summary.conversation.product_id
                listing = await self._catalog.listing(product_id) if product_id else None
                cards.append(
                    ConversationCard(
                        summary,
                        other_id,
                        str(other.username) if other else "",
                        str(other.display_name) if other else "",
                        listing.product if listing else None,
                    )
                )
            return cards

        return await page_of(
            self._codec, f"conversations:{me}:{filter_}", cursor, limit, fetch, lambda c: c.summary.key
        )
