"""What viewers do in a live room: chat, react, click a product. Each is rate-limited per
viewer and stream, counted for the analytics, and fanned out to the room on every server
process."""

from __future__ import annotations

from uuid import UUID

from souk.application.ports.event_bus import EventBus
from souk.application.ports.rate_limiter import RateLimiter, RateRule
from souk.application.ports.stream_counters import CHAT, LIKES, StreamCounters, clicks_of
from souk.application.ports.stream_repository import StreamReader
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.application.streams.room_rules import RoomRateRules
from souk.domain.streams.errors import ChatDisabled, ProductNotInStream, StreamNotFound, StreamNotLive
from souk.domain.streams.events import ChatAuthor, StreamChatPosted, StreamReacted
from souk.domain.streams.live_room import ChatLine, reaction
from souk.domain.streams.stream import Stream


class RoomActions:
    def __init__(
        self,
        streams: StreamReader,
        limiter: RateLimiter,
        rules: RoomRateRules,
        counters: StreamCounters,
        bus: EventBus,
        clock: Clock,
        ids: Ids,
    ) -> None:
        self._streams = streams
        self._limiter = limiter
        self._rules = rules
        self._counters = counters
        self._bus = bus
        self._clock = clock
        self._ids = ids

    async def chat(self, stream_id: UUID, author: ChatAuthor, content: object) -> UUID:
        """The new chat line's id."""
        line = ChatLine.of(content)
        stream = await self._live(stream_id)
        if not stream.settings.enable_chat:
            raise ChatDisabled()
        await self._limit(self._rules.chat, stream_id, str(author.id))
        await self._counters.add(stream_id, CHAT)
        posted = StreamChatPosted(stream_id, self._ids.new(), author, line.content, self._clock.now())
        await self._bus.publish(posted)  # the room hears it as stream:chat:new (entrypoints/ws/projection.py)
        return posted.message_id

    async def react(self, stream_id: UUID, user_id: UUID, emoji: object) -> None:
        chosen = reaction(emoji)
        await self._live(stream_id)
        await self._limit(self._rules.reaction, stream_id, str(user_id))
        await self._counters.add(stream_id, LIKES)
        await self._bus.publish(StreamReacted(stream_id, user_id, chosen))

    async def click(self, stream_id: UUID, user_id: UUID, product_id: UUID) -> None:
        await self._live(stream_id)
        if product_id not in {p.product_id for p in await self._streams.products(stream_id)}:
            raise ProductNotInStream()
        await self._limit(self._rules.click, stream_id, str(user_id))
        await self._counters.add(stream_id, clicks_of(product_id))

    async def _live(self, stream_id: UUID) -> Stream:
        stream = await self._streams.get(stream_id)
        if stream is None:
            raise StreamNotFound()
        if not stream.is_live:
            raise StreamNotLive()
        return stream

    async def _limit(self, rule: RateRule, stream_id: UUID, user: str) -> None:
        await self._limiter.hit(rule, f"{stream_id}:{user}")
