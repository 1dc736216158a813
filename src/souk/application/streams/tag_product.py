from __future__ import annotations

import logging
from dataclasses import dataclass
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.live_audience import LiveAudience
from souk.application.ports.stream_counters import StreamCounters, views_of
from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.stream_timeline import StreamTimeline
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.presenter import StreamPresenter
from souk.application.streams.room_snapshots import RoomSnapshots
from souk.application.streams.views import StreamProductView
from souk.domain.streams.errors import ProductNotInStream, StreamNotFound
from souk.domain.streams.events import RoomChanged, StreamProductTagged
from souk.domain.streams.stream_product import Tag, tag_product
from souk.domain.streams.timeline import tag_entries

log = logging.getLogger("souk.streams")


@dataclass(frozen=True, slots=True)
class TagCommand:
    stream_id: UUID
    product_id: UUID
    by: UUID
    tag: Tag
    featured: bool | None = None


class TagProduct:
    """The seller points at a product on screen (and may pin it): ``stream.product_tagged``
        is raised (the room sees ``stream:product:tagged``, and ``stream:product:featured``
        when pinned); each viewer shown it counts as a view of the product. The tag and any pinning
    change go on the stream's timeline (shoppable replays), in the same transaction."""

    def __init__(
        self,
        uow: UnitOfWork,
        streams: StreamRepository,
        presenter: StreamPresenter,
        events: EventRecorder,
        audience: LiveAudience,
        counters: StreamCounters,
        clock: Clock,
        snapshots: RoomSnapshots,
        timeline: StreamTimeline,
    ) -> None:
        self._uow = uow
        self._streams = streams
        self._presenter = presenter
        self._events = events
        self._audience = audience
        self._counters = counters
        self._clock = clock
        self._snapshots = snapshots
        self._timeline = timeline

    async def __call__(self, command: TagCommand) -> StreamProductView:
        stream = await self._streams.get_for_update(command.stream_id)
        if stream is None:
            raise StreamNotFound()
        stream.require_owner(command.by)
        stream.require_open()
        items = await self._streams.products(stream.id)
        was_featured = any(i.featured for i in items if i.product_id == command.product_id)
        now = self._clock.now()
        changed = tag_product(items, command.product_id, command.tag, command.featured, now)
        await self._streams.save_products(changed)
        target = changed[0]
        if stream.is_live:
            await self._count_views(stream.id, target.product_id)
        views = await self._presenter.products(stream, [target])  # before the commit: it may refuse
        if not views:
            raise ProductNotInStream("The product is no longer listed.")
        for entry in tag_entries(stream.id, changed, was_featured, now):
            await self._timeline.append(entry)
        await self._events.record(StreamProductTagged(stream.id, target.product_id, target.featured))
        self._events.announce(RoomChanged(stream.id))
        await self._uow.commit()
        self._snapshots.forget(stream.id)
        await self._events.publish()
        return views[0]

    async def _count_views(self, stream_id: UUID, product_id: UUID) -> None:
        """Each viewer shown the product counts as a view of it (analytics: never failing the tag)."""
        try:
            watching = (await self._audience.counts([stream_id])).get(stream_id, 0)
            if watching:
                await self._counters.add(stream_id, views_of(product_id), watching)
        except Exception:
            log.warning("streams.tag_views_not_counted stream=%s", stream_id, exc_info=True)
