"""Events → server frames: the one way events reach clients. Every gateway process runs
this once per event it takes off the bus (whichever door raised the event: REST,
WebSocket or a background job) and hands the frames to its own sockets. Frame data are the
wire structs REST answers with (entrypoints/wire), so a frame and a REST body cannot drift
apart. Most are built from what the event carries; a stream's frames show the stream or
product as REST does (viewers, figures, listing), read once per event and process through
the ``StreamShowcase`` query — and only by a process with sockets in that room."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from uuid import UUID

from souk.application.negotiation.recent_offers_feed import OfferAliasKey, buyer_alias
from souk.application.realtime.addressed import AddressedFrame
from souk.application.shared.rooms import offer_feed_room, room_of
from souk.application.shared.visibility import Visibility
from souk.application.streams.stream_showcase import StreamShowcase
from souk.domain.accounts.events import PresenceChanged
from souk.domain.negotiation.events import ConversationRead, MessageSent, OfferAccepted, OfferMade, OfferUpdated
from souk.domain.notifications.events import NotificationCreated
from souk.domain.payments.events import TipCaptured
from souk.domain.shared.events import DomainEvent
from souk.domain.streams.auction_events import AuctionBidPlaced, AuctionFinished, AuctionStarted
from souk.domain.streams.events import (
    GiveawayEnded,
    GiveawayStarted,
    StreamChatDeleted,
    StreamChatPinned,
    StreamChatPosted,
    StreamEnded,
    StreamProductTagged,
    StreamReacted,
    StreamWentLive,
)
from souk.domain.streams.sale_events import FlashSaleEnded, FlashSaleStarted, StreamStockChanged
from souk.entrypoints.wire.auctions import AuctionOut
from souk.entrypoints.wire.money import money
from souk.entrypoints.wire.negotiation import FeedItemOut, MessageOut, OfferOut
from souk.entrypoints.wire.notifications import NotificationOut
from souk.entrypoints.wire.streams import StreamOut, StreamProductOut
from souk.entrypoints.ws.frame_data import (
    ChatUser,
    FeedNewData,
    FlashSaleData,
    GiveawayData,
    MessageReadData,
    MessagesReadData,
    PresenceData,
    SoldData,
    StreamChatData,
    StreamChatRefData,
    StreamReactionData,
    TipData,
)

NOTIFICATION_FRAME = "notification:new"

# A request scope's ``StreamShowcase`` (opened per event that needs a read).
ShowcaseScope = Callable[[], AbstractAsyncContextManager[StreamShowcase]]
VisibilityScope = Callable[[], AbstractAsyncContextManager[Visibility]]
Listening = Callable[[str], bool]
Holding = Callable[[UUID], bool]


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
        StreamWentLive,
        StreamEnded,
        StreamProductTagged,
        StreamChatDeleted,
        StreamChatPinned,
        TipCaptured,
        StreamStockChanged,
        FlashSaleStarted,
        FlashSaleEnded,
        GiveawayStarted,
        GiveawayEnded,
        AuctionStarted,
        AuctionBidPlaced,
        AuctionFinished,
    )

    def __init__(
        self, alias_key: OfferAliasKey, showcase: ShowcaseScope, visibility: VisibilityScope | None = None
    ) -> None:
        self._alias_key = alias_key
        self._showcase = showcase
        self._visibility = visibility

    async def frames(
        self, event: DomainEvent, listening: Listening = lambda room: True, holding: Holding = lambda user: True
    ) -> list[AddressedFrame]:
        """``listening(room)``: whether this process has sockets in ``room`` (no read otherwise);
        ``holding(user)``: whether it has a socket of ``user`` (a chat message no member of
        which is here is not even turned into a frame: most processes, most messages)."""
        match event:
            case MessageSent() if not any(holding(member) for member in event.members):
                return []
            case StreamWentLive() | StreamEnded() | StreamProductTagged():
                room = room_of(event.stream_id)
                return await self._stream_frames(event, room) if listening(room) else []
            case OfferMade() if self._visibility is not None and listening(offer_feed_room(event.offer.product_id)):
                return self._offer_made(event, await self._shut_out(event.offer.buyer_id))
        return self.carried_frames(event)

    async def _shut_out(self, buyer_id: UUID) -> tuple[str, ...]:
        """Who is in a block with the buyer: the offer feed's live line skips them, as its
        history does (one indexed read, only where the feed has subscribers)."""
        assert self._visibility is not None
        async with self._visibility() as visibility:
            return tuple(str(user) for user in await visibility.shut_out(buyer_id))

    def carried_frames(self, event: DomainEvent) -> list[AddressedFrame]:
        """The frames built from what the event carries alone."""
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
                reaction = StreamReactionData(event.stream_id, event.emoji, event.user_id)
                return [AddressedFrame("stream:reaction:new", reaction, room=room_of(event.stream_id))]
            case FlashSaleStarted() | FlashSaleEnded():
                kind = "flash_sale:started" if isinstance(event, FlashSaleStarted) else "flash_sale:ended"
                flash = FlashSaleData(
                    event.flash_sale_id, event.stream_id, event.product_id, money(event.price), event.ends_at
                )
                return [AddressedFrame(kind, flash, room=room_of(event.stream_id))]
            case StreamStockChanged():
                sold = SoldData(event.stream_id, event.product_id, event.remaining)
                return [AddressedFrame("stream:product:sold", sold, room=room_of(event.stream_id))]
            case TipCaptured():
                tipper = ChatUser(event.tipper_id, event.tipper_username, event.tipper_display_name)
                tip = TipData(event.stream_id, tipper, money(event.amount))
                return [AddressedFrame("stream:tip", tip, room=room_of(event.stream_id))]
            case GiveawayStarted() | GiveawayEnded():
                return [self._giveaway(event)]
            case AuctionStarted() | AuctionBidPlaced() | AuctionFinished():
                return self._auction(event)
            case StreamChatDeleted() | StreamChatPinned():
                kind = "stream:chat:deleted" if isinstance(event, StreamChatDeleted) else "stream:chat:pinned"
                ref = StreamChatRefData(event.stream_id, event.message_id, event.by)
                return [AddressedFrame(kind, ref, room=room_of(event.stream_id))]
            case PresenceChanged():
                kind = "user:online" if event.online else "user:offline"
                return [AddressedFrame(kind, PresenceData(event.user_id), users=_users(*event.partners))]
        return []

    async def _stream_frames(
        self, event: StreamWentLive | StreamEnded | StreamProductTagged, room: str
    ) -> list[AddressedFrame]:
        async with self._showcase() as showcase:
            if isinstance(event, StreamProductTagged):
                product = await showcase.product(event.stream_id, event.product_id)
                if product is None:  # delisted since
                    return []
                data = StreamProductOut.of(product)
                kinds = ["stream:product:tagged"] + (["stream:product:featured"] if event.featured else [])
                return [AddressedFrame(kind, data, room=room) for kind in kinds]
            view = await showcase.stream(event.stream_id)
        if view is None:
            return []
        kind = "stream:live" if isinstance(event, StreamWentLive) else "stream:ended"
        return [AddressedFrame(kind, StreamOut.of(view), room=room)]

    @staticmethod
    def _giveaway(event: GiveawayStarted | GiveawayEnded) -> AddressedFrame:
        room = room_of(event.stream_id)
        if isinstance(event, GiveawayStarted):
            started = GiveawayData(
                event.giveaway_id,
                event.stream_id,
                event.product_id,
                event.seed_commitment,
                event.ends_at,
                event.followers_only,
            )
            return AddressedFrame("giveaway:started", started, room=room)
        ended = GiveawayData(
            event.giveaway_id,
            event.stream_id,
            event.product_id,
            event.seed_commitment,
            winner=str(event.winner_id) if event.winner_id else None,
            seed=event.seed,
            entrants=event.entrants,
        )
        return AddressedFrame("giveaway:ended", ended, room=room)

    @staticmethod
    def _auction(event: AuctionStarted | AuctionBidPlaced | AuctionFinished) -> list[AddressedFrame]:
        data, room = AuctionOut.of(event.auction), room_of(event.auction.stream_id)
        if isinstance(event, AuctionStarted):
            kinds = ["auction:started"]
        elif isinstance(event, AuctionBidPlaced):
            kinds = ["auction:bid"] + (["auction:extended"] if event.extended else [])
        else:
            kinds = ["auction:ended"]
        return [AddressedFrame(kind, data, room=room) for kind in kinds]

    @staticmethod
    def _chat(event: StreamChatPosted) -> AddressedFrame:
        a = event.author
        user = ChatUser(a.id, a.username, a.display_name)
        data = StreamChatData(event.stream_id, event.message_id, user, event.content, event.at)
        return AddressedFrame("stream:chat:new", data, room=room_of(event.stream_id))

    @staticmethod
    def delivery_receipt(event: DomainEvent) -> tuple[UUID, list[UUID]] | None:
        """For ``message.sent`` by a person: ``(sender, the other members)`` — whose
        sockets, on receiving it, earn the sender a ``message:delivered``."""
        if not isinstance(event, MessageSent) or event.message.sender_id is None:
            return None
        return event.message.sender_id, event.others()

    def _offer_made(self, event: OfferMade, shut_out: tuple[str, ...] = ()) -> list[AddressedFrame]:
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
                FeedNewData(offer.product_id, item),
                room=offer_feed_room(offer.product_id),
                except_users=shut_out,
            ),
        ]

    @staticmethod
    def _read(event: ConversationRead) -> AddressedFrame:
        to = _users(event.other_id)
        if event.message_id is not None:
            one = MessageReadData(event.conversation_id, event.message_id, event.reader_id)
            return AddressedFrame("message:read", one, users=to)
        return AddressedFrame("messages:read", MessagesReadData(event.conversation_id, event.reader_id), users=to)
