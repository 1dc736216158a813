from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.live_audience import LiveAudience
from souk.application.ports.stream_counters import StreamCounters, views_of
from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.realtime.publisher import RealtimePublisher
from souk.application.shared.clock import Clock
from souk.application.shared.rooms import room_of
from souk.application.streams.presenter import StreamPresenter
from souk.application.streams.room_snapshots import RoomSnapshots
from souk.application.streams.views import StreamProductView
from souk.domain.streams.errors import ProductNotInStream, StreamNotFound
from souk.domain.streams.stream_product import Tag, tag_product


@dataclass(frozen=True, slots=True)
class TagCommand:
    stream_id: UUID
    product_id: UUID
    by: UUID
    tag: Tag
    featured: bool | None = None


class TagProduct:
    """The seller points at a product on screen (and may pin it). Viewers in the room see
    ``stream:product:tagged`` (and ``stream:product:featured`` when pinned); each viewer
    shown it counts as a view of the product."""

    def __init__(
        self,
        uow: UnitOfWork,
        streams: StreamRepository,
        presenter: StreamPresenter,
        realtime: RealtimePublisher,
        audience: LiveAudience,
        counters: StreamCounters,
        clock: Clock,
        snapshots: RoomSnapshots,
    ) -> None:
        self._uow = uow
        self._streams = streams
        self._presenter = presenter
        self._realtime = realtime
        self._audience = audience
        self._counters = counters
        self._clock = clock
        self._snapshots = snapshots

    async def __call__(self, command: TagCommand) -> StreamProductView:
        stream = await self._streams.get_for_update(command.stream_id)
        if stream is None:
            raise StreamNotFound()
        stream.require_owner(command.by)
        stream.require_open()
        items = await self._streams.products(stream.id)
        changed = tag_product(items, command.product_id, command.tag, command.featured, self._clock.now())
        await self._streams.save_products(changed)
        await self._uow.commit()
        await self._snapshots.changed(stream.id)
        target = changed[0]
        if stream.is_live:
            watching = (await self._audience.counts([stream.id])).get(stream.id, 0)
            if watching:
                await self._counters.add(stream.id, views_of(target.product_id), watching)
        views = await self._presenter.products(stream, [target])
        if not views:
            raise ProductNotInStream("The product is no longer listed.")
        view = views[0]
        wire = view.to_wire()
        room = room_of(stream.id)
        await self._realtime.to_room(room, "stream:product:tagged", wire)
        if target.featured:
            await self._realtime.to_room(room, "stream:product:featured", wire)
        return view
