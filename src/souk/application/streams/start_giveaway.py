from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.giveaway_repository import GiveawayRepository
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.stream_timeline import StreamTimeline
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.application.streams.giveaway_closings import GiveawayClosings
from souk.domain.catalog.product import ProductStatus
from souk.domain.streams.errors import (
    GiveawayRunning,
    StreamNotFound,
    StreamNotLive,
    StreamProductNotAvailable,
)
from souk.domain.streams.events import GiveawayStarted
from souk.domain.streams.giveaway import Giveaway
from souk.domain.streams.room_sale import require_tagged
from souk.domain.streams.timeline import TimelineEntry, TimelineKind


@dataclass(frozen=True, slots=True)
class GiveawayCommand:
    stream_id: UUID
    by: UUID
    product_id: UUID
    duration_s: int
    followers_only: bool = False


class StartGiveaway:
    """The seller of a live stream gives a tagged, available product away: one giveaway
    at a time per stream (the stream's row is locked while checking). The seed is drawn
    now and only its commitment is told (``giveaway:started``); the giveaway closes at its
    end by a scheduled job, or by the sweep if that job is lost (a restart)."""

    def __init__(
        self,
        uow: UnitOfWork,
        streams: StreamRepository,
        products: ProductRepository,
        giveaways: GiveawayRepository,
        timeline: StreamTimeline,
        events: EventRecorder,
        closings: GiveawayClosings,
        ids: Ids,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._streams = streams
        self._products = products
        self._giveaways = giveaways
        self._timeline = timeline
        self._events = events
        self._closings = closings
        self._ids = ids
        self._clock = clock

    async def __call__(self, command: GiveawayCommand) -> Giveaway:
        stream = await self._streams.get_for_update(command.stream_id)
        if stream is None:
            raise StreamNotFound()
        stream.require_owner(command.by)
        stream.require_open()
        if not stream.is_live:
            raise StreamNotLive("A giveaway runs while the stream is live.")
        require_tagged(await self._streams.products(stream.id), command.product_id)
        product = await self._products.get(command.product_id)
        if product is None or product.status is not ProductStatus.AVAILABLE:
            raise StreamProductNotAvailable("Only an available product can be given away.")
        if await self._giveaways.running(stream.id) is not None:
            raise GiveawayRunning()
        now = self._clock.now()
        giveaway = Giveaway.start(
            self._ids.new(), stream.id, stream.seller_id, product.id, command.duration_s, command.followers_only, now
        )
        await self._giveaways.add(giveaway)
        await self._timeline.append(
            TimelineEntry(
                stream.id,
                now,
                TimelineKind.GIVEAWAY_STARTED,
                product.id,
                {
                    "giveaway_id": str(giveaway.id),
                    "seed_commitment": giveaway.seed_commitment,
                    "ends_at": giveaway.ends_at.isoformat(),
                    "followers_only": giveaway.followers_only,
                },
            )
        )
        await self._events.record(
            GiveawayStarted(
                giveaway.id,
                stream.id,
                stream.seller_id,
                product.id,
                giveaway.seed_commitment,
                giveaway.followers_only,
                giveaway.ends_at,
            )
        )
        await self._uow.commit()
        await self._events.publish()
        await self._closings.schedule(giveaway)
        return giveaway
