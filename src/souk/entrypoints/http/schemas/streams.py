"""REST bodies of live streams (API.md "Streams"); the stream and stream-product documents
are the wire structs the live-room frames send too (``entrypoints/wire/streams.py``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from souk.application.streams.go_live import LiveNow
from souk.application.streams.update_settings import SettingsChange
from souk.domain.streams.analytics import ProductAnalytics, StreamAnalytics
from souk.domain.streams.settings import MAX_DURATION_MIN, Audience
from souk.domain.streams.stream import DESCRIPTION_MAX, TITLE_MAX
from souk.domain.streams.stream_product import MAX_PRODUCTS
from souk.entrypoints.http.schemas.common import Body
from souk.entrypoints.wire.money import MoneyOut
from souk.entrypoints.wire.streams import StreamOut as StreamOut
from souk.entrypoints.wire.streams import StreamProductOut as StreamProductOut

AudienceName = Literal["everyone", "followers", "neighborhood"]
ProductIds = Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=MAX_PRODUCTS)]


class StreamCreate(Body):
    title: Annotated[str, msgspec.Meta(max_length=TITLE_MAX)]
    product_ids: ProductIds
    description: Annotated[str, msgspec.Meta(max_length=DESCRIPTION_MAX)] | None = None
    scheduled_at: datetime | None = None


class StreamProductsIn(Body):
    product_ids: ProductIds


class StreamSettingsPatch(Body):
    """Every field optional; what is left out stays as it is."""

    audience: AudienceName | None = None
    estimated_duration_min: Annotated[int, msgspec.Meta(ge=1, le=MAX_DURATION_MIN)] | None = None
    notify_followers: bool | None = None
    notify_neighborhood: bool | None = None
    enable_chat: bool | None = None
    enable_comments: bool | None = None
    record_stream: bool | None = None

    def to_change(self) -> SettingsChange:
        return SettingsChange(
            audience=Audience(self.audience) if self.audience else None,
            estimated_duration_min=self.estimated_duration_min,
            notify_followers=self.notify_followers,
            notify_neighborhood=self.notify_neighborhood,
            enable_chat=self.enable_chat,
            enable_comments=self.enable_comments,
            record_stream=self.record_stream,
        )


class TagIn(Body):
    x: Annotated[float, msgspec.Meta(ge=0, le=1)]
    y: Annotated[float, msgspec.Meta(ge=0, le=1)]
    timestamp_s: Annotated[float, msgspec.Meta(ge=0)]
    featured: bool | None = None


class StreamPageOut(msgspec.Struct):
    items: list[StreamOut]
    next_cursor: str | None


class IngestOut(msgspec.Struct):
    rtmp_url: str
    stream_key: str


class GoLiveOut(msgspec.Struct):
    """`stream_key` is shown only here, only to the owner; push to `{rtmp_url}/{stream_key}`."""

    stream: StreamOut
    ingest: IngestOut
    playback_url: str

    @classmethod
    def of(cls, result: LiveNow) -> GoLiveOut:
        return cls(StreamOut.of(result.stream), IngestOut(result.rtmp_url, result.stream_key), result.playback_url)


class ProductAnalyticsOut(msgspec.Struct):
    product_id: UUID
    views: int
    clicks: int
    inquiries: int
    purchases: int
    units_sold: int = 0  # sold from the room (buy-now, cart, auctions, giveaways), not cancelled
    revenue: MoneyOut | None = None  # their price, in the product's currency
    buy_now_conversion: float = 0.0  # buy-now sales per product view in the stream

    @classmethod
    def of(cls, p: ProductAnalytics) -> ProductAnalyticsOut:
        out = cls(p.product_id, p.views, p.clicks, p.inquiries, p.purchases)
        if p.sales is not None:
            out.units_sold, out.revenue = p.sales.units, MoneyOut(p.sales.revenue, p.sales.currency)
            out.buy_now_conversion = p.sales.buy_now_conversion(p.views)
        return out


class AuctionFiguresOut(msgspec.Struct):
    """One auction of the stream: its bids and, once won, the final price."""

    auction_id: UUID
    product_id: UUID
    status: str
    bids: int
    final_price: MoneyOut | None
    outcome: str | None  # after the end: `sold`, `declined` (the winner's card refused), `unsold`, `no_bids`


class AnalyticsOut(msgspec.Struct):
    peak_viewers: int
    unique_viewers: int
    total_likes: int
    chat_messages_count: int
    average_watch_time_s: float
    products: list[ProductAnalyticsOut]
    tips_count: int
    tips_total: list[MoneyOut]  # captured tips, one sum per currency
    auctions: list[AuctionFiguresOut]

    @classmethod
    def of(cls, a: StreamAnalytics) -> AnalyticsOut:
        return cls(
            a.peak_viewers,
            a.unique_viewers,
            a.total_likes,
            a.chat_messages_count,
            a.average_watch_time_s,
            [ProductAnalyticsOut.of(p) for p in a.products],
            a.tips_count,
            [MoneyOut(t.amount, t.currency) for t in a.tips],
            [
                AuctionFiguresOut(
                    f.auction_id,
                    f.product_id,
                    f.status,
                    f.bids,
                    MoneyOut(f.final_price.amount, f.final_price.currency) if f.final_price else None,
                    f.outcome,
                )
                for f in a.auctions
            ],
        )


class EndedOut(msgspec.Struct):
    stream: StreamOut
    analytics: AnalyticsOut
