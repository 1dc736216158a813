"""What a live room shows everyone who joins it (the stream, its products with their
figures, the seller), read once per stream and kept in the process for a few seconds:
a storm of joins for one stream costs one load, not one per viewer.

Kept fresh two ways: a change that matters to joiners (settings, products tagged or
attached, going live, the end) is announced on the event bus, so every process drops its
copy at once (``stream.room_changed``; ``stream.ended`` from the outbox too); what has no
event (a product's listing or likes, the seller's profile, the viewer count) is at most
``ttl_s`` old."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.event_bus import EventBus
from souk.application.streams.single_flight import SingleFlightCache
from souk.application.streams.views import StreamProductView, StreamView
from souk.domain.shared.events import DomainEvent
from souk.domain.shared.geo import GeoPoint
from souk.domain.streams.events import RoomChanged, StreamEnded
from souk.domain.streams.stream import Stream

log = logging.getLogger("souk.streams")

# The events after which a process drops its copy of a room.
ROOM_EVENTS: tuple[type[DomainEvent], ...] = (RoomChanged, StreamEnded)


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class RoomSnapshot:
    """Compared by identity: a door may keep its rendering of one snapshot (weakly)."""

    stream: Stream
    view: StreamView  # as an admitted viewer sees it (with the playback URL)
    products: list[StreamProductView]
    seller_home: GeoPoint | None  # read only for neighbourhood audiences

    @property
    def shown(self) -> list[UUID]:
        """The products on screen: each joining viewer counts as a view of them."""
        return [p.item.product_id for p in self.products if p.item.tag is not None or p.item.featured]


class RoomSnapshots:
    def __init__(self, bus: EventBus, ttl_s: float) -> None:
        self._bus = bus
        self._cache: SingleFlightCache[UUID, RoomSnapshot] = SingleFlightCache(ttl_s)

    @property
    def loads(self) -> int:
        return self._cache.loads

    async def get(self, stream_id: UUID, load: Callable[[], Awaitable[RoomSnapshot]]) -> RoomSnapshot:
        return await self._cache.get(stream_id, load)

    def forget(self, stream_id: UUID) -> None:
        self._cache.forget(stream_id)

    def forget_all(self) -> None:
        """After missing bus messages (a reconnect): nothing cached can be trusted."""
        self._cache.clear()

    async def changed(self, stream_id: UUID) -> None:
        """Call after the commit of a change joiners must see. This process forgets at once;
        the others when the message arrives. A lost message costs at most ``ttl_s`` of
        staleness (the bus is at-most-once), never a failed request."""
        self.forget(stream_id)
        try:
            await self._bus.publish(RoomChanged(stream_id))
        except Exception:
            log.warning("streams.room_change_not_announced stream=%s", stream_id, exc_info=True)

    def on_event(self, event: DomainEvent) -> None:
        if isinstance(event, RoomChanged | StreamEnded):
            self.forget(event.stream_id)
