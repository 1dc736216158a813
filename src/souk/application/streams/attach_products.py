from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.create_stream import attach
from souk.application.streams.presenter import StreamPresenter
from souk.application.streams.room_snapshots import RoomSnapshots
from souk.application.streams.views import StreamProductView
from souk.domain.streams.errors import StreamNotFound


class AttachProducts:
    """Add products to a draft or live stream (already attached ones are left as they are)."""

    def __init__(
        self,
        uow: UnitOfWork,
        streams: StreamRepository,
        products: ProductRepository,
        presenter: StreamPresenter,
        clock: Clock,
        snapshots: RoomSnapshots,
    ) -> None:
        self._uow = uow
        self._streams = streams
        self._products = products
        self._presenter = presenter
        self._clock = clock
        self._snapshots = snapshots

    async def __call__(self, stream_id: UUID, by: UUID, product_ids: Sequence[UUID]) -> list[StreamProductView]:
        stream = await self._streams.get_for_update(stream_id)
        if stream is None:
            raise StreamNotFound()
        stream.require_owner(by)
        stream.require_open()
        existing = await self._streams.products(stream_id)
        added = await attach(self._products, stream, existing, product_ids, self._clock.now())
        await self._streams.add_products(added)
        await self._uow.commit()
        await self._snapshots.changed(stream.id)
        return await self._presenter.products(stream, [*existing, *added])
