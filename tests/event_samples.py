"""One instance of every event class, and outbox payloads as older builds wrote them (v1:
topic + a dict, built here exactly as the code before typed events built it)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from souk.application.notifications.doorbell import DoorbellRung
from souk.application.realtime.addressed import AddressedFrame, AddressedFrames
from souk.domain.accounts.events import (
    NewDeviceSignedIn,
    PresenceChanged,
    SessionRevoked,
    TwoFactorChanged,
    UserRegistered,
)
from souk.domain.catalog.events import UserFollowed
from souk.domain.negotiation.conversation import Message, MessageType
from souk.domain.negotiation.events import (
    ConversationRead,
    MessageSent,
    OfferAccepted,
    OfferMade,
    OfferSnapshot,
    OfferUpdated,
    ProductReserved,
    TransactionOpened,
    TransactionUpdated,
)
from souk.domain.negotiation.offer import Action, Move, OfferStatus, Side
from souk.domain.negotiation.transaction import TransactionStatus
from souk.domain.notifications.events import NotificationCreated
from souk.domain.notifications.notification import Notification
from souk.domain.payments.events import PaymentUpdated, PayoutsEnabled, TipCaptured
from souk.domain.payments.status import PaymentStatus
from souk.domain.privacy.events import DataExportReady
from souk.domain.shared.events import DomainEvent
from souk.domain.shared.money import Money
from souk.domain.social.events import CommentCreated
from souk.domain.social.target import TargetKind
from souk.domain.streams.auction_events import (
    AuctionBidPlaced,
    AuctionFinished,
    AuctionSettled,
    AuctionStarted,
    AuctionState,
)
from souk.domain.streams.events import (
    AudienceChanged,
    ChatAuthor,
    GiveawayEnded,
    GiveawayStarted,
    RoomChanged,
    SellerWordsChanged,
    StreamChatDeleted,
    StreamChatPinned,
    StreamChatPosted,
    StreamEnded,
    StreamProductTagged,
    StreamReacted,
    StreamWentLive,
    ViewerRemoved,
)
from souk.domain.streams.sale_events import FlashSaleEnded, FlashSaleStarted, StreamStockChanged
from souk.domain.streams.settings import Audience

AT = datetime(2026, 5, 1, 18, 0, 0, 123000, tzinfo=UTC)


def rfc3339(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def offer() -> OfferSnapshot:
    made = Move(Side.BUYER, Action.OFFER, Money(500, "EUR"), AT)
    countered = Move(Side.SELLER, Action.COUNTER, Money(800, "EUR"), AT + timedelta(minutes=5))
    return OfferSnapshot(
        uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), Money(800, "EUR"),
        OfferStatus.COUNTERED, Side.BUYER, AT + timedelta(hours=24), (made, countered), AT, AT + timedelta(minutes=5),
    )  # fmt: skip


def message(of: OfferSnapshot | None = None) -> Message:
    kind = MessageType.OFFER if of else MessageType.TEXT
    return Message(
        uuid.uuid4(), of.conversation_id if of else uuid.uuid4(), 3, of.buyer_id if of else uuid.uuid4(),
        kind, "The buyer offered 5.00 EUR.", ("https://img/1.jpg",), of.id if of else None, AT,
    )  # fmt: skip


def auction_state(o: OfferSnapshot, leader: str | None, *, ended: bool) -> AuctionState:
    current = Money(1250, "EUR") if leader else None
    return AuctionState(
        uuid.uuid4(), uuid.uuid4(), o.product_id, o.seller_id, Money(1000, "EUR"), current, leader, 3 if leader else 0,
        AT + timedelta(seconds=30), False, ended, "sold" if ended else None,
    )  # fmt: skip


def every_event() -> list[DomainEvent]:
    """One of each class the registry knows, with every optional part filled."""
    o = offer()
    sale = (uuid.uuid4(), o.product_id, o.id, TransactionStatus.PENDING, o.buyer_id, o.seller_id)
    notification = Notification(uuid.uuid4(), o.seller_id, "offer_received", {"offer_id": str(o.id)}, uuid.uuid4(), AT)
    return [
        OfferMade(o),
        OfferUpdated(o),
        OfferAccepted(o),
        MessageSent(message(o), o.parties, o),
        ConversationRead(o.conversation_id, o.buyer_id, o.seller_id, 4, uuid.uuid4()),
        TransactionOpened(*sale),
        TransactionUpdated(*sale),
        ProductReserved(o.product_id, o.id),
        UserFollowed(uuid.uuid4(), uuid.uuid4()),
        PaymentUpdated(
            uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), PaymentStatus.PARTIALLY_REFUNDED, Money(20000, "KWD"), 500
        ),
        PayoutsEnabled(uuid.uuid4()),
        TipCaptured(uuid.uuid4(), uuid.uuid4(), o.seller_id, o.buyer_id, "ann", "Ann", Money(500, "EUR")),
        AuctionStarted(auction_state(o, None, ended=False)),
        AuctionBidPlaced(auction_state(o, "ann", ended=False), o.buyer_id, extended=True),
        AuctionFinished(auction_state(o, "ann", ended=True), o.buyer_id),
        AuctionSettled(
            uuid.uuid4(), uuid.uuid4(), o.seller_id, o.product_id, "Lamp", o.buyer_id, Money(1100, "EUR"), "sold", None
        ),
        CommentCreated(
            uuid.uuid4(), TargetKind.STREAM, uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        ),
        StreamWentLive(uuid.uuid4(), uuid.uuid4(), "Show", Audience.NEIGHBORHOOD, False, True, AT),
        StreamEnded(uuid.uuid4(), uuid.uuid4()),
        StreamProductTagged(uuid.uuid4(), uuid.uuid4(), featured=True),
        StreamStockChanged(uuid.uuid4(), o.product_id, 2, 1),
        FlashSaleStarted(uuid.uuid4(), uuid.uuid4(), o.product_id, Money(1500, "EUR"), AT),
        FlashSaleEnded(uuid.uuid4(), uuid.uuid4(), o.product_id, Money(1500, "EUR"), AT),
        AudienceChanged(uuid.uuid4()),
        RoomChanged(uuid.uuid4()),
        SellerWordsChanged(uuid.uuid4()),
        UserRegistered(uuid.uuid4()),
        SessionRevoked(uuid.uuid4(), (uuid.uuid4(), uuid.uuid4()), "logout", AT),
        NewDeviceSignedIn(uuid.uuid4(), uuid.uuid4(), "Pixel 8", "android", "unknown", AT),
        TwoFactorChanged(uuid.uuid4(), True, AT),
        NotificationCreated(notification),
        PresenceChanged(o.buyer_id, True, (o.seller_id,)),
        StreamChatPosted(uuid.uuid4(), uuid.uuid4(), ChatAuthor(o.buyer_id, "ann", "Ann"), "hi", AT),
        StreamReacted(uuid.uuid4(), o.buyer_id, "🔥"),
        StreamChatDeleted(uuid.uuid4(), uuid.uuid4(), o.seller_id),
        StreamChatPinned(uuid.uuid4(), uuid.uuid4(), o.seller_id),
        ViewerRemoved(uuid.uuid4(), o.seller_id, o.buyer_id, "timed_out", AT),
        ViewerRemoved(uuid.uuid4(), o.seller_id, o.buyer_id, "banned", None),
        DataExportReady(o.buyer_id, uuid.uuid4(), "http://x/api/v1/exports/t", AT),
        GiveawayStarted(uuid.uuid4(), uuid.uuid4(), o.seller_id, o.product_id, "ab" * 32, True, AT),
        GiveawayEnded(
            uuid.uuid4(), uuid.uuid4(), o.seller_id, o.product_id, "ab" * 32, "cd" * 32, o.buyer_id, 3, uuid.uuid4(), AT
        ),
        AddressedFrame("stream:chat:new", {"n": 1}, room="stream:1", except_user=str(uuid.uuid4())),
        AddressedFrames((AddressedFrame("message:delivered", {"n": 2}, users=(str(uuid.uuid4()),)),)),
        DoorbellRung(),
    ]


# ---- what the build before typed events wrote (application/negotiation/offer_moves.py,
# chat.py and documents.py, application/streams/events.py of commit cb1bb5a) ----


def _money_v1(value: Money) -> dict[str, Any]:
    return {"amount": value.amount, "currency": value.currency}


def offer_document_v1(o: OfferSnapshot) -> dict[str, Any]:
    return {
        "id": str(o.id),
        "product_id": str(o.product_id),
        "buyer_id": str(o.buyer_id),
        "seller_id": str(o.seller_id),
        "conversation_id": str(o.conversation_id),
        "price": _money_v1(o.price),
        "status": o.status.value,
        "turn": o.turn.value,
        "expires_at": rfc3339(o.expires_at),
        "history": [
            {"by": m.by.value, "action": m.action.value, "price": _money_v1(m.price), "at": rfc3339(m.at)}
            for m in o.history
        ],
        "created_at": rfc3339(o.created_at),
        "updated_at": rfc3339(o.updated_at),
    }


def offer_payload_v1(o: OfferSnapshot) -> dict[str, Any]:
    return {
        "offer_id": str(o.id),
        "product_id": str(o.product_id),
        "buyer_id": str(o.buyer_id),
        "seller_id": str(o.seller_id),
        "conversation_id": str(o.conversation_id),
        "status": o.status.value,
        "turn": o.turn.value,
        "price": _money_v1(o.price),
        "by": o.history[-1].by.value,
        "action": o.history[-1].action.value,
        "recipients": [str(o.buyer_id), str(o.seller_id)],
        "offer": offer_document_v1(o),
    }


def message_payload_v1(m: Message, members: tuple[uuid.UUID, uuid.UUID], o: OfferSnapshot | None) -> dict[str, Any]:
    document = {
        "id": str(m.id),
        "conversation_id": str(m.conversation_id),
        "seq": m.seq,
        "sender_id": str(m.sender_id) if m.sender_id else None,
        "message_type": m.message_type.value,
        "content": m.content,
        "image_urls": list(m.image_urls),
        "offer_id": str(m.offer_id) if m.offer_id else None,
        "created_at": rfc3339(m.created_at),
        "read_at": None,
        "offer": offer_document_v1(o) if o is not None else None,
    }
    return {
        "conversation_id": str(m.conversation_id),
        "message_id": str(m.id),
        "seq": m.seq,
        "sender_id": str(m.sender_id) if m.sender_id else None,
        "message_type": m.message_type.value,
        "recipients": [str(member) for member in members],
        "message": document,
    }


def legacy_rows() -> list[tuple[str, dict[str, Any], DomainEvent]]:
    """``(topic, payload as stored by the old build, the event it must read as today)``."""
    o = offer()
    m = message(o)
    plain = message()
    live, seller = uuid.uuid4(), uuid.uuid4()
    members = (plain.sender_id or uuid.uuid4(), uuid.uuid4())
    return [
        ("offer.made", offer_payload_v1(o), OfferMade(o)),
        ("offer.updated", offer_payload_v1(o), OfferUpdated(o)),
        ("offer.accepted", offer_payload_v1(o), OfferAccepted(o)),
        ("message.sent", message_payload_v1(m, o.parties, o), MessageSent(m, o.parties, o)),
        ("message.sent", message_payload_v1(plain, members, None), MessageSent(plain, members, None)),
        (
            "stream.live",
            {"stream_id": str(live), "seller_id": str(seller), "title": "Old show", "started_at": rfc3339(AT)},
            StreamWentLive(live, seller, "Old show", Audience.EVERYONE, True, False, AT),
        ),
        (
            "transaction.opened",
            {
                "transaction_id": str(o.id),
                "product_id": str(o.product_id),
                "offer_id": None,
                "status": "pending",
                "buyer_id": str(o.buyer_id),
                "seller_id": str(o.seller_id),
                "recipients": [str(o.buyer_id), str(o.seller_id)],
            },
            TransactionOpened(o.id, o.product_id, None, TransactionStatus.PENDING, o.buyer_id, o.seller_id),
        ),
        (
            "session.revoked",
            {"user_id": str(seller), "session_ids": [str(live)], "reason": "logout", "revoked_at": AT.isoformat()},
            SessionRevoked(seller, (live,), "logout", AT),
        ),
        ("user.followed", {"follower_id": str(live), "followee_id": str(seller)}, UserFollowed(live, seller)),
    ]
