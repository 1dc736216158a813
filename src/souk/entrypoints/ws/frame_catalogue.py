"""Every WebSocket frame type with the msgspec Struct of its ``data``: what the AsyncAPI
document (``asyncapi.py``) is generated from. Client frames name the Struct their
handler parses; server frames name the wire Struct REST answers with for the same thing
(a message, an offer, a notification, a stream: ``entrypoints/wire``) or a Struct below for
the small payloads. A frame
``planned`` is in the wire contract but not served yet (the gateway answers
``unknown_type``); the test keeps both lists true against the handlers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID

import msgspec

from souk.entrypoints.wire.auctions import AuctionOut
from souk.entrypoints.wire.bodies import MoneyIn
from souk.entrypoints.wire.negotiation import MessageOut, OfferCreate, OfferOut, TransactionOut
from souk.entrypoints.wire.notifications import NotificationOut
from souk.entrypoints.wire.purchases import StreamBuyIn
from souk.entrypoints.wire.streams import StreamOut, StreamProductOut
from souk.entrypoints.ws.frame_data import (
    ConnectedData,
    DeliveredData,
    FeedHistoryData,
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
    StreamRemovedData,
    TipData,
    TypingData,
    ViewersData,
)
from souk.entrypoints.ws.inputs import (
    ConversationRef,
    OfferRespondIn,
    ProductRef,
    ReadIn,
    SendIn,
    SyncIn,
)
from souk.entrypoints.ws.session_handlers import AuthFrame

Direction = Literal["client", "server"]


@dataclass(frozen=True, slots=True)
class FrameType:
    name: str
    direction: Direction
    data: type | None  # the Struct of ``data``; None: no data
    summary: str
    planned: bool = False


class Empty(msgspec.Struct, forbid_unknown_fields=True):
    """No fields."""


class StreamRef(msgspec.Struct, forbid_unknown_fields=True):
    """Which stream."""

    stream_id: UUID


class StreamChatIn(msgspec.Struct, forbid_unknown_fields=True):
    """A chat line for a live stream's room (1-500 characters)."""

    stream_id: UUID
    content: str


class StreamReactionIn(msgspec.Struct, forbid_unknown_fields=True):
    """An emoji reaction in a live stream's room."""

    stream_id: UUID
    emoji: str


class StreamProductClickIn(msgspec.Struct, forbid_unknown_fields=True):
    """A viewer opened a tagged product (counted in the stream's analytics)."""

    stream_id: UUID
    product_id: UUID


class AuctionBidIn(msgspec.Struct, forbid_unknown_fields=True):
    """A bid in a stream auction."""

    auction_id: UUID
    amount: MoneyIn


class GiveawayIn(msgspec.Struct, forbid_unknown_fields=True):
    """Enter a stream giveaway."""

    giveaway_id: UUID


class StreamMessageRef(msgspec.Struct, forbid_unknown_fields=True):
    """A chat line of a stream (moderators)."""

    stream_id: UUID
    message_id: UUID


class StreamTimeoutIn(msgspec.Struct, forbid_unknown_fields=True):
    """Time a viewer out of the seller's streams for 1-1440 minutes (moderators): they are removed
    from the room (`stream:removed` `timed_out`) and their joins refused until then."""

    stream_id: UUID
    user_id: UUID
    minutes: int


class StreamBanIn(msgspec.Struct, forbid_unknown_fields=True):
    """Ban a viewer from the seller's streams for good (moderators): removed from the room
    (`stream:removed` `banned`) and their joins refused (`removed_from_stream`)."""

    stream_id: UUID
    user_id: UUID


class ErrorData(msgspec.Struct, omit_defaults=True):
    """Why a frame was refused; the socket stays open. ``retry_after`` (seconds) comes
    with ``busy`` and ``dependency_unavailable``."""

    code: str
    detail: str
    retry_after: int | None = None


def _c(name: str, data: type | None, summary: str, *, planned: bool = False) -> FrameType:
    return FrameType(name, "client", data, summary, planned)


def _s(name: str, data: type | None, summary: str, *, planned: bool = False) -> FrameType:
    return FrameType(name, "server", data, summary, planned)


FRAMES: tuple[FrameType, ...] = (
    _c("heartbeat", Empty, "Keep the socket alive; answered with `pong`."),
    _c("auth", AuthFrame, "Renew the socket's session with a fresh access token before the old one expires."),
    _c("conversation:join", ConversationRef, "Receive a conversation's frames (you must be a member)."),
    _c("conversation:leave", ConversationRef, "Stop receiving a conversation's frames."),
    _c("message:send", SendIn, "Send a message; the ack carries the stored message."),
    _c("message:read", ReadIn, "Mark the conversation read up to a message."),
    _c("typing:start", ConversationRef, "Tell the other side you are typing."),
    _c("typing:stop", ConversationRef, "Tell the other side you stopped typing."),
    _c("sync", SyncIn, "Messages after `after_seq` (recovery after a reconnect); the ack carries them."),
    _c("offer:create", OfferCreate, "Make an offer on a product."),
    _c("offer:respond", OfferRespondIn, "Accept, decline, counter or withdraw an offer."),
    _c("offer:feed:subscribe", ProductRef, "Follow a product's public offer feed (`offer:feed:history`, then new)."),
    _c("offer:feed:unsubscribe", ProductRef, "Stop following a product's offer feed."),
    _c("stream:prepare", StreamRef, "The seller opens their own stream's room before going live."),
    _c("stream:join", StreamRef, "Join a live stream's room (audience rules apply)."),
    _c("stream:leave", StreamRef, "Leave a stream's room."),
    _c("stream:chat", StreamChatIn, "Say something in a live stream's room."),
    _c("stream:reaction", StreamReactionIn, "React with an emoji in a live stream's room."),
    _c("stream:product:click", StreamProductClickIn, "Count a click on a tagged product."),
    _c(
        "stream:buy",
        StreamBuyIn,
        "Buy a tagged stream product now (its price, or the flash price); the ack is `{transactions,"
        " client_secret}`, as `POST /streams/{id}/purchases` answers.",
    ),
    _c(
        "auction:bid",
        AuctionBidIn,
        "Bid in a stream auction whose room you are in (a saved card is needed); the ack carries the auction.",
    ),
    _c(
        "giveaway:enter",
        GiveawayIn,
        "Enter a running giveaway of a stream whose room you joined, once (followers only if the seller said so);"
        " the ack is `{giveaway_id, entered: true}`.",
    ),
    _c("stream:chat:delete", StreamMessageRef, "Delete a chat line (moderators)."),
    _c(
        "stream:timeout",
        StreamTimeoutIn,
        "Time a viewer out of the seller's streams for 1-1440 minutes (moderators).",
    ),
    _c("stream:ban", StreamBanIn, "Ban a viewer from the seller's streams (moderators)."),
    _c("stream:chat:pin", StreamMessageRef, "Pin a chat line (moderators)."),
    _s("connected", ConnectedData, "Sent once the handshake is accepted."),
    _s("pong", None, "The answer to `heartbeat`."),
    _s("ack", None, "A client frame with a `ref` succeeded; `data` is what it produced (or null)."),
    _s("error", ErrorData, "A client frame was refused (`ref` names it) or the socket's state changed."),
    _s("message:new", MessageOut, "A message in one of your conversations (REST's message)."),
    _s("message:delivered", DeliveredData, "A message you sent reached a socket of the recipient."),
    _s("message:read", MessageReadData, "The other side read up to a message."),
    _s("messages:read", MessagesReadData, "The other side read the whole conversation."),
    _s("typing:active", TypingData, "The other side is typing."),
    _s("typing:inactive", TypingData, "The other side stopped typing."),
    _s("user:online", PresenceData, "Someone you talk with came online."),
    _s("user:offline", PresenceData, "Someone you talk with went offline."),
    _s("offer:new", OfferOut, "A new offer on your product (to the seller)."),
    _s("offer:created", OfferOut, "Your offer was made (to the buyer's other sockets)."),
    _s("offer:updated", OfferOut, "An offer you are party to changed (countered, accepted, ...)."),
    _s("offer:feed:history", FeedHistoryData, "A product's recent offers, on subscribing to its feed."),
    _s("offer:feed:new", FeedNewData, "A new offer on a product whose feed you follow."),
    _s("stream:live", StreamOut, "The stream went live (to its room)."),
    _s("stream:ended", StreamOut, "The stream ended (to its room)."),
    _s("stream:viewers", ViewersData, "The room's viewer count."),
    _s("stream:chat:new", StreamChatData, "A chat line in the room."),
    _s("stream:reaction:new", StreamReactionData, "A reaction in the room."),
    _s("stream:product:tagged", StreamProductOut, "The seller tagged a product in the video (REST's stream product)."),
    _s("stream:product:featured", StreamProductOut, "The seller pinned a product (REST's stream product)."),
    _s("stream:removed", StreamRemovedData, "You were removed from the room."),
    _s("notification:new", NotificationOut, "A notification (REST's notification)."),
    _s("stream:chat:deleted", StreamChatRefData, "A moderator deleted a chat line."),
    _s("stream:chat:pinned", StreamChatRefData, "A moderator pinned a chat line."),
    _s("stream:tip", TipData, "A viewer tipped the seller (sent when the charge is captured, once per tip)."),
    _s(
        "stream:product:sold",
        SoldData,
        "Units of a stream product sold (or came back to stock); `remaining` is the stock left.",
    ),
    _s("auction:started", AuctionOut, "An auction started."),
    _s("auction:bid", AuctionOut, "A new leading bid."),
    _s("auction:extended", AuctionOut, "A late bid extended the auction."),
    _s("auction:ended", AuctionOut, "The auction ended (`winner`)."),
    _s("flash_sale:started", FlashSaleData, "A flash sale started: its price until `ends_at` (a countdown)."),
    _s("flash_sale:ended", FlashSaleData, "A flash sale ended: the listed price applies again."),
    _s("giveaway:started", GiveawayData, "A giveaway started (`seed_commitment`, `ends_at`)."),
    _s("giveaway:ended", GiveawayData, "A giveaway ended (`winner`, the revealed `seed`, `entrants`)."),
    _s("transaction:updated", TransactionOut, "A transaction you are party to changed.", planned=True),
)


def frames(direction: Direction) -> list[FrameType]:
    return [frame for frame in FRAMES if frame.direction == direction]


def data_types() -> list[Any]:
    return [frame.data for frame in FRAMES if frame.data is not None]
