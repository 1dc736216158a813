from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.auction_repository import AuctionRepository
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.stream_timeline import StreamTimeline
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.application.streams.auction_ends import AuctionEnds
from souk.application.streams.auction_timeline import started_entry
from souk.domain.catalog.product import ProductStatus
from souk.domain.shared.money import Money
from souk.domain.streams.auction import Auction
from souk.domain.streams.auction_errors import AuctionProductNotTagged, AuctionProductUnavailable
from souk.domain.streams.auction_events import AuctionStarted, AuctionState
from souk.domain.streams.errors import ProductNotInStream, StreamNotFound, StreamNotLive


@dataclass(frozen=True, slots=True)
class StartAuctionCommand:
    stream_id: UUID
    by: UUID
    product_id: UUID
    starting_price: Money
    duration_s: int
    sudden_death: bool = False


class StartAuction:
    """The seller of a live stream auctions one of its tagged products: the room hears
    ``auction:started``, the stream's timeline records it and the end is scheduled. One running auction per product (409
    ``auction_running``); someone else's stream: 403 ``not_stream_owner``; not live: 409."""

    def __init__(
        self,
        uow: UnitOfWork,
        streams: StreamRepository,
        products: ProductRepository,
        auctions: AuctionRepository,
        events: EventRecorder,
        ends: AuctionEnds,
        timeline: StreamTimeline,
        clock: Clock,
        ids: Ids,
    ) -> None:
        self._timeline = timeline
        self._uow = uow
        self._streams = streams
        self._products = products
        self._auctions = auctions
        self._events = events
        self._ends = ends
        self._clock = clock
        self._ids = ids

    async def __call__(self, command: StartAuctionCommand) -> Auction:
        stream = await self._streams.get(command.stream_id)
        if stream is None:
            raise StreamNotFound()
        stream.require_owner(command.by)
        if not stream.is_live:
            raise StreamNotLive()
        shown = next((p for p in await self._streams.products(stream.id) if p.product_id == command.product_id), None)
        if shown is None:
            raise ProductNotInStream()
        if shown.tag is None and not shown.featured:
            raise AuctionProductNotTagged()
        product = await self._products.get(command.product_id)
        if product is None or product.status is not ProductStatus.AVAILABLE:
            raise AuctionProductUnavailable()
        auction = Auction.start(
            self._ids.new(),
            stream.id,
            stream.seller_id,
            command.product_id,
            command.starting_price,
            command.duration_s,
            command.sudden_death,
            self._clock.now(),
        )
        await self._auctions.add(auction)
        await self._events.record(AuctionStarted(AuctionState.of(auction)))
        await self._timeline.append(started_entry(auction))
        await self._uow.commit()
        await self._events.publish()
        await self._ends.schedule(auction)
        return auction
