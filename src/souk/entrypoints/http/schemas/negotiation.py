"""Wire shapes of conversations, messages, offers and transactions (API.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from souk.application.negotiation.accept_offer import Accepted
from souk.application.negotiation.get_conversation import ConversationView
from souk.application.negotiation.list_conversations import ConversationCard
from souk.application.negotiation.recent_offers_feed import FeedItem
from souk.application.shared.paging import Page
from souk.domain.catalog.product import Product
from souk.domain.negotiation.conversation import IMAGES_MAX, TEXT_MAX, URL_MAX, Conversation, Message
from souk.domain.negotiation.offer import Offer
from souk.domain.negotiation.transaction import Transaction
from souk.domain.shared.money import Money
from souk.entrypoints.http.schemas.catalog import MoneyIn, MoneyOut
from souk.entrypoints.http.schemas.common import Body

Text = Annotated[str, msgspec.Meta(max_length=TEXT_MAX)]
Url = Annotated[str, msgspec.Meta(max_length=URL_MAX)]


def money(value: Money) -> MoneyOut:
    return MoneyOut(value.amount, value.currency)


class ConversationCreate(Body):
    other_user_id: UUID
    product_id: UUID | None = None
    initial_message: Text | None = None


class MessageCreate(Body):
    message_type: Literal["text", "image"]
    content: Text | None = None
    image_urls: Annotated[list[Url], msgspec.Meta(max_length=IMAGES_MAX)] = msgspec.field(default_factory=list)


class OfferCreate(Body):
    product_id: UUID
    price: MoneyIn
    message: Text | None = None


class CounterIn(Body):
    price: MoneyIn


class MoveOut(msgspec.Struct):
    by: str
    action: str
    price: MoneyOut
    at: datetime


class OfferOut(msgspec.Struct):
    id: UUID
    product_id: UUID
    buyer_id: UUID
    seller_id: UUID
    conversation_id: UUID
    price: MoneyOut
    status: str
    turn: str
    expires_at: datetime
    history: list[MoveOut]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, o: Offer) -> OfferOut:
        return cls(
            id=o.id,
            product_id=o.product_id,
            buyer_id=o.buyer_id,
            seller_id=o.seller_id,
            conversation_id=o.conversation_id,
            price=money(o.price),
            status=o.status.value,
            turn=o.turn.value,
            expires_at=o.expires_at,
            history=[MoveOut(m.by.value, m.action.value, money(m.price), m.at) for m in o.history],
            created_at=o.created_at,
            updated_at=o.updated_at,
        )


class OfferPageOut(msgspec.Struct):
    items: list[OfferOut]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[Offer]) -> OfferPageOut:
        return cls([OfferOut.of(o) for o in page.items], page.next_cursor)


class FeedItemOut(msgspec.Struct):
    price: MoneyOut
    created_at: datetime
    buyer_alias: str


class FeedOut(msgspec.Struct):
    items: list[FeedItemOut]
    next_cursor: str | None = None

    @classmethod
    def of(cls, items: list[FeedItem]) -> FeedOut:
        return cls([FeedItemOut(money(i.price), i.created_at, i.buyer_alias) for i in items])


class TransactionOut(msgspec.Struct):
    id: UUID
    offer_id: UUID | None
    product_id: UUID
    buyer_id: UUID
    seller_id: UUID
    price: MoneyOut
    platform_fee: MoneyOut
    fee_rate_bps: int
    seller_payout: MoneyOut
    status: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, t: Transaction) -> TransactionOut:
        return cls(
            id=t.id,
            offer_id=t.offer_id,
            product_id=t.product_id,
            buyer_id=t.buyer_id,
            seller_id=t.seller_id,
            price=money(t.price),
            platform_fee=money(t.platform_fee),
            fee_rate_bps=t.fee_rate_bps,
            seller_payout=money(t.seller_payout),
            status=t.status.value,
            created_at=t.created_at,
            updated_at=t.updated_at,
        )


class TransactionPageOut(msgspec.Struct):
    items: list[TransactionOut]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[Transaction]) -> TransactionPageOut:
        return cls([TransactionOut.of(t) for t in page.items], page.next_cursor)


class AcceptedOut(msgspec.Struct):
    offer: OfferOut
    transaction: TransactionOut

    @classmethod
    def of(cls, result: Accepted) -> AcceptedOut:
        return cls(OfferOut.of(result.offer), TransactionOut.of(result.transaction))


class MessageOut(msgspec.Struct):
    id: UUID
    conversation_id: UUID
    seq: int
    sender_id: UUID | None
    message_type: str
    content: str
    image_urls: list[str]
    offer_id: UUID | None
    created_at: datetime
    read_at: datetime | None = None
    offer: OfferOut | None = None

    @classmethod
    def of(
        cls, m: Message, conversation: Conversation | None = None, offers: dict[UUID, Offer] | None = None
    ) -> MessageOut:
        read_at = None
        if (
            conversation is not None
            and m.sender_id is not None
            and m.sender_id
            in (
                conversation.buyer_id,
                conversation.seller_id,
            )
        ):
            reader = conversation.other(m.sender_id)
            if conversation.last_read_seq(reader) >= m.seq:
                read_at = conversation.read_at_of(reader)
        offer = (offers or {}).get(m.offer_id) if m.offer_id else None
        return cls(
            m.id, m.conversation_id, m.seq, m.sender_id, m.message_type.value, m.content, list(m.image_urls),
            m.offer_id, m.created_at, read_at, OfferOut.of(offer) if offer else None,
        )  # fmt: skip


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
