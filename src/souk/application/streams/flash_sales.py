"""Flash sales: started by the stream's seller, ended on time by a job at ``ends_at`` and,
for whatever a job missed (a restart, a lost queue), by a sweep every few seconds."""

from __future__ import annotations

import logging
from datetime import datetime
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.flash_sale_repository import FlashSaleRepository
from souk.application.ports.job_queue import JobQueue, JobRequest
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.stream_repository import StreamReader
from souk.application.ports.stream_timeline import StreamTimeline
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.application.shared.visibility import Visibility
from souk.domain.catalog.errors import ProductNotFound
from souk.domain.shared.money import Money
from souk.domain.streams.errors import StreamNotFound, StreamNotLive
from souk.domain.streams.flash_sale import FlashSale, FlashSaleRunning
from souk.domain.streams.room_sale import require_tagged
from souk.domain.streams.sale_events import FlashSaleEnded, FlashSaleEvent, FlashSaleStarted
from souk.domain.streams.timeline import TimelineData, TimelineEntry, TimelineKind

log = logging.getLogger("souk.streams")

END_FLASH_SALE_JOB = "streams.end_flash_sale"


def _entry(event: FlashSaleEvent, kind: TimelineKind, at: datetime) -> TimelineEntry:
    data: TimelineData = {
        "flash_sale_id": str(event.flash_sale_id),
        "amount": event.price.amount,
        "currency": event.price.currency,
    }
    return TimelineEntry(event.stream_id, at, kind, event.product_id, data)


class EndFlashSale:
    """The job at a flash sale's end (and the sweep's step). Idempotent and safe on several
    processes: re-read under lock, ended only once and only when due; the room hears
    ``flash_sale:ended`` and the timeline records it."""

    def __init__(
        self, uow: UnitOfWork, sales: FlashSaleRepository, timeline: StreamTimeline, events: EventRecorder, clock: Clock
    ) -> None:
        self._uow = uow
        self._sales = sales
        self._timeline = timeline
        self._events = events
        self._clock = clock

    async def __call__(self, flash_sale_id: UUID) -> bool:
        sale = await self._sales.get_for_update(flash_sale_id)
        if sale is None or not sale.end(self._clock.now()):
            await self._uow.rollback()
            return False
        await self._end(sale)
        await self._uow.commit()
        await self._events.publish()
        return True

    async def end_inside(self, sale: FlashSale) -> bool:
        """Inside the caller's unit of work (a new flash sale of the same product)."""
        if not sale.end(self._clock.now()):
            return False
        await self._end(sale)
        return True

    async def _end(self, sale: FlashSale) -> None:
        await self._sales.save(sale)
        event = FlashSaleEnded(sale.id, sale.stream_id, sale.product_id, sale.price, sale.ends_at)
        assert sale.ended_at is not None
        await self._timeline.append(_entry(event, TimelineKind.FLASH_SALE_ENDED, sale.ended_at))
        await self._events.record(event)


class EndFlashSales:
    """The periodic sweep: ends every flash sale past its end, so a lost job misses nothing."""

    def __init__(self, uow: UnitOfWork, sales: FlashSaleRepository, clock: Clock, end_one: EndFlashSale) -> None:
        self._uow = uow
        self._sales = sales
        self._clock = clock
        self._end_one = end_one

    async def __call__(self, limit: int = 200) -> int:
        due = await self._sales.overdue(self._clock.now(), limit)
        await self._uow.rollback()
        ended = 0
        for sale_id in due:
            ended += await self._end_one(sale_id)
        return ended


class StartFlashSale:
    """The stream's seller puts a flash price on a product tagged in their live stream for
    ``duration_s`` seconds: below the listed price, in its currency (400
    ``invalid_flash_sale``), one at a time per product (409 ``flash_sale_running``; one past
    its end is ended first). Buy-now sells at the flash price until ``ends_at``; the room
    hears ``flash_sale:started``; the timeline records it; the job that ends it is
    scheduled after the commit (a lost job is harmless: the sweep ends it)."""

    def __init__(
        self,
        uow: UnitOfWork,
        streams: StreamReader,
        products: ProductRepository,
        sales: FlashSaleRepository,
        visibility: Visibility,
        timeline: StreamTimeline,
        end_one: EndFlashSale,
        events: EventRecorder,
        jobs: JobQueue,
        clock: Clock,
        ids: Ids,
    ) -> None:
        self._uow = uow
        self._streams = streams
        self._products = products
        self._sales = sales
        self._visibility = visibility
        self._timeline = timeline
        self._end_one = end_one
        self._events = events
        self._jobs = jobs
        self._clock = clock
        self._ids = ids

    async def __call__(self, stream_id: UUID, by: UUID, product_id: UUID, price: Money, duration_s: int) -> FlashSale:
        stream = await self._streams.get(stream_id)
        if stream is None or (stream.seller_id != by and stream.seller_id in await self._visibility.hidden_from(by)):
            raise StreamNotFound()
        stream.require_owner(by)
        if not stream.is_live:
            raise StreamNotLive()
        require_tagged(await self._streams.products(stream.id), product_id)
        product = await self._products.get(product_id)
        if product is None:
            raise ProductNotFound()
        now = self._clock.now()
        sale = FlashSale.start(
            self._ids.new(), stream.id, product.id, stream.seller_id, price, product.price, duration_s, now
        )
        earlier = await self._sales.current(stream.id, product.id)
        if earlier is not None:
            await self._end_one.end_inside(earlier)  # past its end: ended now; still running: refused below
        if not await self._sales.add(sale):
            raise FlashSaleRunning()
        event = FlashSaleStarted(sale.id, sale.stream_id, sale.product_id, sale.price, sale.ends_at)
        await self._timeline.append(_entry(event, TimelineKind.FLASH_SALE_STARTED, now))
        await self._events.record(event)
        await self._uow.commit()
        await self._events.publish()
        await self._schedule(sale)
        return sale

    async def _schedule(self, sale: FlashSale) -> None:
        job = JobRequest(
            END_FLASH_SALE_JOB, {"flash_sale_id": str(sale.id)}, key=f"flash-sale-end:{sale.id}", run_at=sale.ends_at,
            timeout_s=60,
        )  # fmt: skip
        try:
            await self._jobs.enqueue(job)
        except Exception:
            log.warning("streams.flash_sale_end_not_scheduled flash_sale=%s", sale.id, exc_info=True)
