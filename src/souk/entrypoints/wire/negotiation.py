"""Offers, messages and transactions as REST answers and frames show them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from souk.application.negotiation.accept_offer import Accepted
from souk.application.negotiation.recent_offers_feed import FeedItem
from souk.application.payments.sale_view import SaleView
from souk.domain.negotiation.conversation import TEXT_MAX, Conversation, Message
from souk.domain.negotiation.events import OfferSnapshot
from souk.domain.negotiation.offer import Offer
from souk.domain.negotiation.transaction import Transaction
from souk.entrypoints.wire.bodies import Body, MoneyIn
from souk.entrypoints.wire.money import MoneyOut, money

Text = Annotated[str, msgspec.Meta(max_length=TEXT_MAX)]


class OfferCreate(Body):
    """An offer on a product, with an optional message: the REST body and the `offer:create` frame's data."""

    product_id: UUID
    price: MoneyIn
    message: Text | None = None
    payment_method: Literal["card", "cash"] = "card"  # cash: community sales in person only


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
    def of(cls, o: Offer | OfferSnapshot) -> OfferOut:
        """From the offer, or from an event's snapshot of it: the same shape."""
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


class SignedMoneyOut(msgspec.Struct):
    """Money moved: negative amounts leave (a refund, a released hold)."""

    amount: int
    currency: str


class MovementOut(msgspec.Struct):
    """One ledger entry: ``hold``, ``capture``, ``refund``, ``fee``, ``payout`` or ``payout_held``."""

    kind: str
    amount: SignedMoneyOut
    at: datetime


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
    payment_method: str = "card"
    client_secret: str | None = None  # the buyer's, for the card step, while pending
    movements: list[MovementOut] = msgspec.field(default_factory=list)
    quantity: int = 1  # units sold (live rooms sell several of one product)
    source: str = "offer"  # offer, buy_now, auction, giveaway
    stream_id: UUID | None = None  # the live room it was sold from
    checkout_id: UUID | None = None  # a cart's sales share one payment

    @classmethod
    def viewed(cls, view: SaleView) -> TransactionOut:
        """As ``GET /transactions/{id}`` shows it: with the ledger's movements."""
        out = cls.of(view.sale)
        out.client_secret = view.client_secret
        out.movements = [MovementOut(e.kind.value, SignedMoneyOut(e.amount, e.currency), e.at) for e in view.movements]
        return out

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
            payment_method=t.payment_method.value,
            quantity=t.quantity,
            source=t.source.value,
            stream_id=t.stream_id,
            checkout_id=t.checkout_id,
        )


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
        """``conversation``: to tell whether the other member read it; ``offers``: the
        offers messages are about, by id."""
        read_at = None
        if conversation is not None and m.sender_id in (conversation.buyer_id, conversation.seller_id):
            assert m.sender_id is not None
            reader = conversation.other(m.sender_id)
            if conversation.last_read_seq(reader) >= m.seq:
                read_at = conversation.read_at_of(reader)
        offer = (offers or {}).get(m.offer_id) if m.offer_id else None
        return cls.new(m, offer, read_at)

    @classmethod
    def new(cls, m: Message, offer: Offer | OfferSnapshot | None = None, read_at: datetime | None = None) -> MessageOut:
        """``offer``: the offer the message is about (a new message: as it stands after the move)."""
        return cls(
            m.id, m.conversation_id, m.seq, m.sender_id, m.message_type.value, m.content, list(m.image_urls),
            m.offer_id, m.created_at, read_at, OfferOut.of(offer) if offer is not None else None,
        )  # fmt: skip


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


class AcceptedOut(msgspec.Struct):
    offer: OfferOut
    transaction: TransactionOut

    @classmethod
    def of(cls, result: Accepted) -> AcceptedOut:
        return cls(OfferOut.of(result.offer), TransactionOut.of(result.transaction))
