from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.domain.streams.stream import Stream
from souk.domain.streams.stream_product import StreamProduct, check_attachable, check_count


@dataclass(frozen=True, slots=True)
class NewStream:
    seller_id: UUID
    title: str
    product_ids: Sequence[UUID]
    description: str | None = None
    scheduled_at: datetime | None = None


async def attach(
    products: ProductRepository,
    stream: Stream,
    existing: Sequence[StreamProduct],
    product_ids: Sequence[UUID],
    now: datetime,
) -> list[StreamProduct]:
    """New attachments for the ids not attached yet (each the seller's own and available)."""
    have = {p.product_id for p in existing}
    wanted = [p for p in dict.fromkeys(product_ids) if p not in have]
    check_count(len(existing), len(wanted))
    added: list[StreamProduct] = []
    for offset, product_id in enumerate(wanted):
        check_attachable(await products.get(product_id), product_id, stream.seller_id)
        added.append(StreamProduct(stream.id, product_id, len(existing) + offset, now))
    return added


class CreateStream:
    """Steps 1-2 of Go Live: a draft with the products picked for it."""

    def __init__(
        self, uow: UnitOfWork, streams: StreamRepository, products: ProductRepository, clock: Clock, ids: Ids
    ) -> None:
        self._uow = uow
        self._streams = streams
        self._products = products
        self._clock = clock
        self._ids = ids

    async def __call__(self, command: NewStream) -> Stream:
        now = self._clock.now()
        stream = Stream.draft(
            self._ids.new(), command.seller_id, command.title, command.description, command.scheduled_at, now
        )
        items = await attach(self._products, stream, [], command.product_ids, now)
        await self._streams.add(stream)
        await self._streams.add_products(items)
        await self._uow.commit()
        return stream
