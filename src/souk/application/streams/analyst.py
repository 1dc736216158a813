"""Stream analytics, at the end and on demand: viewers from the join/leave log, likes and
chat from the counters (or the totals kept at the end), deals from negotiation, captured
tips from payments, what the room sold (units, revenue, buy-now conversion from views), bids and
final prices from auctions."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from uuid import UUID

from souk.application.ports.auction_repository import AuctionRepository
from souk.application.ports.room_sales import RoomSales
from souk.application.ports.stream_counters import CHAT, LIKES, StreamCounters
from souk.application.ports.stream_viewer_log import StreamViewerLog
from souk.application.ports.tip_repository import TipRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.presenter import StreamPresenter
from souk.application.streams.visit_buffer import VisitBuffer
from souk.domain.streams.analytics import ProductAnalytics, StreamAnalytics, TipFigures, viewer_figures
from souk.domain.streams.auction import auction_figures
from souk.domain.streams.stream import Stream

log = logging.getLogger("souk.streams")


class StreamAnalyst:
    def __init__(
        self,
        viewer_log: StreamViewerLog,
        visits: VisitBuffer,
        uow: UnitOfWork,
        counters: StreamCounters,
        presenter: StreamPresenter,
        clock: Clock,
        tips: TipRepository,
        room_sales: RoomSales,
        auctions: AuctionRepository,
    ) -> None:
        self._room_sales = room_sales
        self._auctions = auctions
        self._tips = tips
        self._log = viewer_log
        self._visits = visits
        self._uow = uow
        self._counters = counters
        self._presenter = presenter
        self._clock = clock

    async def __call__(self, stream: Stream, product_ids: Sequence[UUID]) -> StreamAnalytics:
        window = stream.watch_window(self._clock.now())
        if window:
            await self._flush_visits()
        viewers = viewer_figures(await self._log.visits(stream.id) if window else [], window)
        if stream.totals is not None:
            likes, chat = stream.totals.likes, stream.totals.chat_messages
        else:
            counted = await self._counters.read(stream.id) if window else {}
            likes, chat = counted.get(LIKES, 0), counted.get(CHAT, 0)
        figures = await self._presenter.figures(stream, product_ids)
        sold = await self._room_sales.figures(stream.id)
        products = tuple(
            ProductAnalytics(p, f.views, f.clicks, f.inquiries, f.purchases, sold.get(p)) for p, f in figures.items()
        )
        tips = tuple(TipFigures(t.currency, t.count, t.amount) for t in await self._tips.totals(stream.id))
        auctions = tuple(auction_figures(a) for a in await self._auctions.of_stream(stream.id))
        return StreamAnalytics(
            viewers.peak, viewers.unique, likes, chat, viewers.average_watch_time_s, products, tips, auctions
        )

    async def _flush_visits(self) -> None:
        """This process's joins and leaves not written yet count too; if they cannot be
        written now, the figures go without them (the next flush retries) rather than fail."""
        try:
            await self._visits.flush(self._log, self._uow)
        except Exception:
            log.warning("streams.viewer_log_flush_failed", exc_info=True)
