"""What live streaming tells the rest of Souk (through the outbox unless said otherwise;
consumers tolerate repeats)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from souk.domain.shared.events import DomainEvent
from souk.domain.streams.settings import Audience
from souk.domain.streams.stream import Stream


@dataclass(frozen=True, slots=True)
class StreamWentLive(DomainEvent):
    """Once per stream. Notifications tell the seller's followers and/or neighbours as the
    settings ask (v2: the settings are always there; v1 rows without them are upcast)."""

    topic: ClassVar[str] = "stream.live"
    version: ClassVar[int] = 2

    stream_id: UUID
    seller_id: UUID
    title: str
    audience: Audience
    notify_followers: bool
    notify_neighborhood: bool
    started_at: datetime

    @classmethod
    def of(cls, stream: Stream) -> StreamWentLive:
        assert stream.started_at is not None
        settings = stream.settings
        return cls(
            stream.id,
            stream.seller_id,
            stream.title,
            settings.audience,
            settings.notify_followers,
            settings.notify_neighborhood,
            stream.started_at,
        )


@dataclass(frozen=True, slots=True)
class StreamEnded(DomainEvent):
    """By its owner, or by itself when the push did not come back in time."""

    topic: ClassVar[str] = "stream.ended"

    stream_id: UUID
    seller_id: UUID


@dataclass(frozen=True, slots=True)
class StreamProductTagged(DomainEvent):
    """The seller pointed at one of the stream's products on screen (``featured``: and
    pinned it). The room hears ``stream:product:tagged`` (and ``stream:product:featured``)."""

    topic: ClassVar[str] = "stream.product_tagged"

    stream_id: UUID
    product_id: UUID
    featured: bool


@dataclass(frozen=True, slots=True)
class AudienceChanged(DomainEvent):
    """A fact live-room admission depends on changed for a user (an unfollow, a move):
    every gateway process re-checks the user's open visits. Bus only."""

    topic: ClassVar[str] = "stream.audience_changed"

    user_id: UUID


@dataclass(frozen=True, slots=True)
class RoomChanged(DomainEvent):
    """What joiners of a live room see changed: processes drop their copy. Bus only."""

    topic: ClassVar[str] = "stream.room_changed"

    stream_id: UUID


@dataclass(frozen=True, slots=True)
class SellerWordsChanged(DomainEvent):
    """A seller changed their banned-words list: processes drop their copy. Bus only."""

    topic: ClassVar[str] = "stream.seller_words_changed"

    seller_id: UUID


@dataclass(frozen=True, slots=True)
class ChatAuthor:
    """How a viewer is shown in a live room's chat."""

    id: UUID
    username: str
    display_name: str


@dataclass(frozen=True, slots=True)
class StreamChatPosted(DomainEvent):
    """A viewer said something in a live room (not stored: live chat is ephemeral). Bus only."""

    topic: ClassVar[str] = "stream.chat_posted"

    stream_id: UUID
    message_id: UUID
    author: ChatAuthor
    content: str
    at: datetime


@dataclass(frozen=True, slots=True)
class StreamReacted(DomainEvent):
    """A viewer sent a reaction in a live room. Bus only."""

    topic: ClassVar[str] = "stream.reacted"

    stream_id: UUID
    user_id: UUID
    emoji: str


@dataclass(frozen=True, slots=True)
class StreamChatDeleted(DomainEvent):
    """A moderator took a chat line down: every viewer's client removes it. Bus only."""

    topic: ClassVar[str] = "stream.chat_deleted"

    stream_id: UUID
    message_id: UUID
    by: UUID


@dataclass(frozen=True, slots=True)
class StreamChatPinned(DomainEvent):
    """A moderator pinned a chat line (one at a time: a new pin replaces the last). Bus only."""

    topic: ClassVar[str] = "stream.chat_pinned"

    stream_id: UUID
    message_id: UUID
    by: UUID


@dataclass(frozen=True, slots=True)
class ViewerRemoved(DomainEvent):
    """A viewer was timed out (``until``) or banned (``until`` None) from the seller's
    streams: every gateway process takes their sockets out of the room with
    ``stream:removed``; their joins are refused while it lasts."""

    topic: ClassVar[str] = "stream.viewer_removed"

    stream_id: UUID
    seller_id: UUID
    user_id: UUID
    reason: str
    until: datetime | None


@dataclass(frozen=True, slots=True)
class GiveawayStarted(DomainEvent):
    """The seller started a giveaway: the room hears ``giveaway:started`` with the seed's
    commitment (the seed itself stays secret until the end)."""

    topic: ClassVar[str] = "stream.giveaway_started"

    giveaway_id: UUID
    stream_id: UUID
    seller_id: UUID
    product_id: UUID
    seed_commitment: str
    followers_only: bool
    ends_at: datetime


@dataclass(frozen=True, slots=True)
class GiveawayEnded(DomainEvent):
    """Once per giveaway, at its end: the winner (``None`` without entrants) and the seed,
    revealed; the room hears ``giveaway:ended`` and the winner gets a notification.
    ``transaction_id``: the winner's zero-price sale."""

    topic: ClassVar[str] = "stream.giveaway_ended"

    giveaway_id: UUID
    stream_id: UUID
    seller_id: UUID
    product_id: UUID
    seed_commitment: str
    seed: str
    winner_id: UUID | None
    entrants: int
    transaction_id: UUID | None
    ended_at: datetime
