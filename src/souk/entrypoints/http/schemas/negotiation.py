"""Wire shapes of conversations, messages, offers and transactions (API.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from souk.application.negotiation.get_conversation import ConversationView
from souk.application.negotiation.list_conversations import ConversationCard
from souk.application.shared.paging import Page
from souk.domain.catalog.product import Product
from souk.domain.negotiation.conversation import IMAGES_MAX, URL_MAX, Conversation, Message
from souk.domain.negotiation.offer import Offer
from souk.domain.negotiation.transaction import Transaction
from souk.entrypoints.http.schemas.catalog import MoneyIn
from souk.entrypoints.http.schemas.common import Body
from souk.entrypoints.wire.money import MoneyOut, money
from souk.entrypoints.wire.negotiation import MessageOut, OfferOut, Text, TransactionOut

Url = Annotated[str, msgspec.Meta(max_length=URL_MAX)]


class ConversationCreate(Body):
    other_user_id: UUID
    product_id: UUID | None = None
    initial_message: Text | None = None


class MessageCreate(Body):
    message_type: Literal["text", "image"]
    content: Text | None = None
    image_urls: Annotated[list[Url], msgspec.Meta(max_length=IMAGES_MAX)] = msgspec.field(default_factory=list)


class CounterIn(Body):
    price: MoneyIn


class OfferPageOut(msgspec.Struct):
    items: list[OfferOut]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[Offer]) -> OfferPageOut:
        return cls([OfferOut.of(o) for o in page.items], page.next_cursor)


class TransactionPageOut(msgspec.Struct):
    items: list[TransactionOut]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[Transaction]) -> TransactionPageOut:
        return cls([TransactionOut.of(t) for t in page.items], page.next_cursor)


class MessagePageOut(msgspec.Struct):
    items: list[MessageOut]
    next_cursor: str | None


class ConversationOut(msgspec.Struct):
    id: UUID
    buyer_id: UUID
    seller_id: UUID
    product_id: UUID | None
    last_seq: int
    created_at: datetime
    last_message_at: datetime
    messages: list[MessageOut] | None = None

    @classmethod
    def of(
        cls, c: Conversation, messages: list[Message] | None = None, offers: dict[UUID, Offer] | None = None
    ) -> ConversationOut:
        shown = [MessageOut.of(m, c, offers) for m in messages] if messages is not None else None
        return cls(c.id, c.buyer_id, c.seller_id, c.product_id, c.last_seq, c.created_at, c.last_message_at, shown)

    @classmethod
    def view(cls, v: ConversationView) -> ConversationOut:
        return cls.of(v.conversation, v.messages, v.offers)


class OtherUserOut(msgspec.Struct):
    id: UUID
    username: str
    display_name: str


class ProductBriefOut(msgspec.Struct):
    id: UUID
    title: str
    price: MoneyOut
    status: str
    image_url: str | None

    @classmethod
    def of(cls, p: Product) -> ProductBriefOut:
        return cls(p.id, p.title, money(p.price), p.status.value, p.image_urls[0] if p.image_urls else None)


class ConversationCardOut(msgspec.Struct):
    id: UUID
    other_user: OtherUserOut
    product_id: UUID | None
    product: ProductBriefOut | None
    unread_count: int
    last_message: MessageOut | None
    last_message_at: datetime
    archived: bool

    @classmethod
    def of(cls, card: ConversationCard, me: UUID) -> ConversationCardOut:
        c = card.summary.conversation
        last = card.summary.last_message
        return cls(
            id=c.id,
            other_user=OtherUserOut(card.other_user_id, card.other_username, card.other_display_name),
            product_id=c.product_id,
            product=ProductBriefOut.of(card.product) if card.product else None,
            unread_count=card.summary.unread_count,
            last_message=MessageOut.of(last, c) if last else None,
            last_message_at=c.last_message_at,
            archived=c.archived_for(me),
        )


class ConversationPageOut(msgspec.Struct):
    items: list[ConversationCardOut]
    next_cursor: str | None
