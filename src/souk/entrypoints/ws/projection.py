"""Events → server frames: the one way events reach clients. Every gateway process runs
this once per event it takes off the bus (whichever door raised the event: REST,
WebSocket or a background job) and hands the frames to its own sockets. Frame data are the
wire structs REST answers with (entrypoints/wire), built from what the event carries, so no
socket costs a database read and a frame and a REST body cannot drift apart."""

from __future__ import annotations

from uuid import UUID

from souk.application.negotiation.recent_offers_feed import OfferAliasKey, buyer_alias
from souk.application.realtime.addressed import AddressedFrame
from souk.application.shared.rooms import offer_feed_room, room_of
from souk.domain.accounts.events import PresenceChanged
from souk.domain.negotiation.events import ConversationRead, MessageSent, OfferAccepted, OfferMade, OfferUpdated
from souk.domain.notifications.events import NotificationCreated
from souk.domain.shared.events import DomainEvent
from souk.domain.streams.events import StreamChatDeleted, StreamChatPinned, StreamChatPosted, StreamReacted
from souk.entrypoints.wire.money import money
from souk.entrypoints.wire.negotiation import FeedItemOut, MessageOut, OfferOut
from souk.entrypoints.wire.notifications import NotificationOut

NOTIFICATION_FRAME = "notification:new"


def _users(*ids: UUID) -> tuple[str, ...]:
    return tuple(str(i) for i in ids)


class RealtimeProjection:
    # The events that make frames (what the relay subscribes to, besides addressed frames).
    EVENTS: tuple[type[DomainEvent], ...] = (
        MessageSent,
        OfferMade,
        OfferUpdated,
        OfferAccepted,
        ConversationRead,
        NotificationCreated,
        PresenceChanged,
        StreamChatPosted,
        StreamReacted,
        StreamChatDeleted,
        StreamChatPinned,
    )

    def __init__(self, alias_key: OfferAliasKey) -> None:
        self._alias_key = alias_key

    def frames(self, event: DomainEvent) -> list[AddressedFrame]:
        match event:
            case MessageSent():
                message = MessageOut.new(event.message, event.offer)
                return [AddressedFrame("message:new", message, users=_users(*event.members))]
            case OfferMade():
                return self._offer_made(event)
            case OfferUpdated() | OfferAccepted():
                return [AddressedFrame("offer:updated", OfferOut.of(event.offer), users=_users(*event.offer.parties))]
            case ConversationRead():
                return [self._read(event)]
            case NotificationCreated():
                n = event.notification
                return [AddressedFrame(NOTIFICATION_FRAME, NotificationOut.of(n), users=_users(n.user_id))]
            case StreamChatPosted():
                return [self._chat(event)]
            case StreamReacted():
                reaction = {"stream_id": str(event.stream_id), "emoji": event.emoji, "user_id": str(event.user_id)}
                return [AddressedFrame("stream:reaction:new", reaction, room=room_of(event.stream_id))]
            case StreamChatDeleted() | StreamChatPinned():
                kind = "stream:chat:deleted" if isinstance(event, StreamChatDeleted) else "stream:chat:pinned"
                ref = {"stream_id": str(event.stream_id), "message_id": str(event.message_id), "by": str(event.by)}
                return [AddressedFrame(kind, ref, room=room_of(event.stream_id))]
            case PresenceChanged():
                kind = "user:online" if event.online else "user:offline"
                return [AddressedFrame(kind, {"user_id": str(event.user_id)}, users=_users(*event.partners))]
        return []

    @staticmethod
    def _chat(event: StreamChatPosted) -> AddressedFrame:
        a = event.author
        data = {
            "stream_id": str(event.stream_id),
            "message_id": str(event.message_id),
            "user": {"id": str(a.id), "username": a.username, "display_name": a.display_name},
            "content": event.content,
            "at": event.at,
        }
        return AddressedFrame("stream:chat:new", data, room=room_of(event.stream_id))

    @staticmethod
    def delivery_receipt(event: DomainEvent) -> tuple[UUID, list[UUID]] | None:
        """For ``message.sent`` by a person: ``(sender, the other members)`` — whose
        sockets, on receiving it, earn the sender a ``message:delivered``."""
        if not isinstance(event, MessageSent) or event.message.sender_id is None:
            return None
        return event.message.sender_id, event.others()

    def _offer_made(self, event: OfferMade) -> list[AddressedFrame]:
        offer = event.offer
        data = OfferOut.of(offer)
        first = offer.history[0]
        item = FeedItemOut(
            money(first.price), offer.created_at, buyer_alias(self._alias_key, offer.buyer_id, offer.product_id)
        )
        return [
            AddressedFrame("offer:new", data, users=_users(offer.seller_id)),
            AddressedFrame("offer:created", data, users=_users(offer.buyer_id)),
            AddressedFrame(
                "offer:feed:new",
                {"product_id": str(offer.product_id), "item": item},
                room=offer_feed_room(offer.product_id),
            ),
        ]

    @staticmethod
    def _read(event: ConversationRead) -> AddressedFrame:
        to = _users(event.other_id)
        if event.message_id is not None:
            data = {
                "conversation_id": str(event.conversation_id),
                "message_id": str(event.message_id),
                "reader_id": str(event.reader_id),
            }
            return AddressedFrame("message:read", data, users=to)
        data = {"conversation_id": str(event.conversation_id), "reader_id": str(event.reader_id)}
        return AddressedFrame("messages:read", data, users=to)
