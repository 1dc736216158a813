"""The data of the server frames that only the WebSocket sends (REST has no such document):
what the projection, the hub and the live rooms build, and what the AsyncAPI catalogue
documents — one definition each. Frames that are REST documents use ``entrypoints/wire``."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from souk.entrypoints.wire.money import MoneyOut
from souk.entrypoints.wire.negotiation import FeedItemOut


class ConnectedData(msgspec.Struct):
    """Who the socket belongs to."""

    user_id: UUID


class DeliveredData(msgspec.Struct):
    """A message reached one of the recipient's sockets."""

    conversation_id: UUID
    message_id: UUID
    seq: int
    user_id: UUID


class MessageReadData(msgspec.Struct):
    """The other side read up to this message."""

    conversation_id: UUID
    message_id: UUID
    reader_id: UUID


class MessagesReadData(msgspec.Struct):
    """The other side read the whole conversation."""

    conversation_id: UUID
    reader_id: UUID


class TypingData(msgspec.Struct):
    """Someone is (or stopped) typing in a conversation."""

    conversation_id: UUID
    user_id: UUID


class PresenceData(msgspec.Struct):
    """Someone you share a conversation with came online or went offline."""

    user_id: UUID


class FeedHistoryData(msgspec.Struct):
    """The product's recent offers, sent once on subscribing."""

    product_id: UUID
    items: list[FeedItemOut]


class FeedNewData(msgspec.Struct):
    """A new offer on a product you follow the feed of."""

    product_id: UUID
    item: FeedItemOut


class ViewersData(msgspec.Struct):
    """How many watch the stream now."""

    stream_id: UUID
    count: int


class ChatUser(msgspec.Struct):
    """The author of a stream chat line."""

    id: UUID
    username: str
    display_name: str


class StreamChatData(msgspec.Struct):
    """A chat line in a live stream's room."""

    stream_id: UUID
    message_id: UUID
    user: ChatUser
    content: str
    at: datetime


class FlashSaleData(msgspec.Struct):
    """A flash sale: a temporary price on a stream product, until `ends_at`."""

    id: UUID
    stream_id: UUID
    product_id: UUID
    price: MoneyOut
    ends_at: datetime


class SoldData(msgspec.Struct):
    """Units of a stream product sold from the room (or back in stock); how many remain."""

    stream_id: UUID
    product_id: UUID
    remaining: int


class TipData(msgspec.Struct):
    """A viewer tipped the seller: who, how much."""

    stream_id: UUID
    user: ChatUser
    amount: MoneyOut


class StreamReactionData(msgspec.Struct):
    """A reaction in a live stream's room."""

    stream_id: UUID
    emoji: str
    user_id: UUID


class StreamChatRefData(msgspec.Struct):
    """A chat line a moderator deleted or pinned (`by`: the moderator)."""

    stream_id: UUID
    message_id: UUID
    by: UUID


class StreamRemovedData(msgspec.Struct):
    """You were taken out of a stream's room: `reason` is `audience_changed`, `timed_out` or `banned`."""

    stream_id: UUID
    reason: str


class GiveawayData(msgspec.Struct, omit_defaults=True):
    """A giveaway. Started: `seed_commitment` (sha256 of the secret seed, hex), `ends_at`, `followers_only`.
    Ended: `winner` (the winner's user id; absent without entrants), `seed` (revealed: its sha256 is the
    commitment), `entrants` (how many); the draw can be re-run from `GET /streams/{id}/giveaways/{id}`."""

    giveaway_id: UUID
    stream_id: UUID
    product_id: UUID | None = None
    seed_commitment: str | None = None
    ends_at: datetime | None = None
    followers_only: bool | None = None
    winner: str | None = None
    seed: str | None = None
    entrants: int | None = None
