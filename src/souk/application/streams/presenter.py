"""Builds what clients see of streams: the seller, the live viewer count, the playback
URL (to those who may watch), the replay, and the products with their figures."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from souk.application.ports.catalog_reader import CatalogReader, SellerSummary
from souk.application.ports.like_repository import LikeRepository
from souk.application.ports.live_audience import LiveAudience
from souk.application.ports.product_videos import ProductVideos
from souk.application.ports.stream_commerce import StreamCommerce
from souk.application.ports.stream_counters import StreamCounters, clicks_of, views_of
from souk.application.ports.user_reader import UserReader
from souk.application.shared.clock import Clock
from souk.application.streams.config import LiveConfig
from souk.application.streams.views import ProductFigures, StreamProductView, StreamView
from souk.domain.accounts.user import User
from souk.domain.social.target import TargetKind
from souk.domain.streams.settings import Audience
from souk.domain.streams.stream import Stream
from souk.domain.streams.stream_product import StreamProduct

GONE = SellerSummary(UUID(int=0), "deleted", "Deleted user", "free")


def seller_summary(user: User | None) -> SellerSummary:
    if user is None:
        return GONE
    return SellerSummary(user.id, user.username.value, user.display_name, user.seller_tier.value)


class StreamPresenter:
    def __init__(
        self,
        users: UserReader,
        audience: LiveAudience,
        videos: ProductVideos,
        catalog: CatalogReader,
        counters: StreamCounters,
        commerce: StreamCommerce,
        likes: LikeRepository,
        config: LiveConfig,
        clock: Clock,
    ) -> None:
        self._users = users
        self._audience = audience
        self._videos = videos
        self._catalog = catalog
        self._counters = counters
        self._commerce = commerce
        self._likes = likes
        self._config = config
        self._clock = clock

    async def stream(self, stream: Stream, viewer_id: UUID | None = None, admitted: bool = False) -> StreamView:
        return (await self.streams([stream], viewer_id, admitted))[0]

    async def streams(
        self, streams: Sequence[Stream], viewer_id: UUID | None = None, admitted: bool = False
    ) -> list[StreamView]:
        live_ids = [s.id for s in streams if s.is_live]
        counts = await self._audience.counts(live_ids) if live_ids else {}
        replays = await self._videos.previews(s.replay_media_id for s in streams if s.replay_media_id)
        likes = await self._likes.counts(TargetKind.STREAM, [s.id for s in streams])
        sellers: dict[UUID, SellerSummary] = {}
        for seller_id in {s.seller_id for s in streams}:
            sellers[seller_id] = seller_summary(await self._users.get(seller_id))
        return [
            StreamView(
                s,
                sellers[s.seller_id],
                counts.get(s.id, 0),
                self._playback(s, viewer_id, admitted),
                replays.get(s.replay_media_id) if s.replay_media_id else None,
                likes[s.id],
            )
            for s in streams
        ]

    def _playback(self, stream: Stream, viewer_id: UUID | None, admitted: bool) -> str | None:
        """Restricted audiences learn the URL when the live room admits them (stream:join)."""
        if not stream.is_live:
            return None
        if admitted or viewer_id == stream.seller_id or stream.settings.audience is Audience.EVERYONE:
            return self._config.playback_url(stream.id, self._clock.now())
        return None

    async def products(self, stream: Stream, items: Sequence[StreamProduct]) -> list[StreamProductView]:
        product_ids = [i.product_id for i in items]
        figures = await self.figures(stream, product_ids)
        listings = {listing.product.id: listing for listing in await self._catalog.listings(product_ids)}
        return [
            StreamProductView(stream.id, item, listings[item.product_id], figures[item.product_id])
            for item in items
            if item.product_id in listings
        ]

    async def figures(self, stream: Stream, product_ids: Sequence[UUID]) -> dict[UUID, ProductFigures]:
        if stream.totals is not None:
            views = {UUID(k): v for k, v in stream.totals.product_views.items()}
            clicks = {UUID(k): v for k, v in stream.totals.product_clicks.items()}
        else:
            counted = await self._counters.read(stream.id) if stream.started_at else {}
            views = {p: counted.get(views_of(p), 0) for p in product_ids}
            clicks = {p: counted.get(clicks_of(p), 0) for p in product_ids}
        window = stream.watch_window(self._clock.now())
        deals = await self._commerce.deals(product_ids, *window) if window else {}
        result: dict[UUID, ProductFigures] = {}
        for p in product_ids:
            deal = deals.get(p)
            result[p] = ProductFigures(
                views.get(p, 0), clicks.get(p, 0), deal.inquiries if deal else 0, deal.purchases if deal else 0
            )
        return result
