"""Live streams and their products as REST answers and live-room frames show them
(`stream:live`, `stream:ended`, `stream:product:*`, the `stream:join`/`stream:prepare` acks)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from souk.application.streams.views import StreamProductView, StreamView
from souk.domain.streams.stream import StreamStatus
from souk.entrypoints.wire.catalog import ProductOut, SellerOut, VideoOut


class StreamSettingsOut(msgspec.Struct):
    audience: str
    estimated_duration_min: int | None
    notify_followers: bool
    notify_neighborhood: bool
    enable_chat: bool
    enable_comments: bool
    record_stream: bool


class StreamOut(msgspec.Struct):
    """`playback_url` (HLS, signed: `<base>/<token>/<expires>/<id>.m3u8`, valid 12 to 12¼
    hours, the expiry rounded up to the quarter hour — fetch the stream again for a fresh one)
    while live — for restricted audiences only to the owner and in the `stream:join` answer;
    `replay` once the recording is processed; `ingest_state`
    `waiting`/`receiving`/`interrupted` while live; `likes_count`: likes by
    `POST /streams/{id}/like` (reactions in the live room count in the analytics'
    `total_likes`); `timeline_url` once the stream has ended: where its replay's timeline is
    (tags, pins, auctions, flash sales, giveaways with their moment — a shoppable replay). The
    stream key is never here."""

    id: UUID
    seller: SellerOut
    title: str
    description: str
    status: Literal["draft", "live", "ended", "cancelled"]
    scheduled_at: datetime | None
    settings: StreamSettingsOut
    ingest_state: str | None
    playback_url: str | None
    replay: VideoOut | None
    viewers_count: int
    likes_count: int
    started_at: datetime | None
    ended_at: datetime | None
    end_reason: str | None
    created_at: datetime
    updated_at: datetime
    timeline_url: str | None = None

    @classmethod
    def of(cls, view: StreamView) -> StreamOut:
        s, settings = view.stream, view.stream.settings
        return cls(
            id=s.id,
            seller=SellerOut.of(view.seller),
            title=s.title,
            description=s.description,
            status=s.status.value,
            scheduled_at=s.scheduled_at,
            settings=StreamSettingsOut(
                audience=settings.audience.value,
                estimated_duration_min=settings.estimated_duration_min,
                notify_followers=settings.notify_followers,
                notify_neighborhood=settings.notify_neighborhood,
                enable_chat=settings.enable_chat,
                enable_comments=settings.enable_comments,
                record_stream=settings.record_stream,
            ),
            ingest_state=s.ingest_state.value if s.ingest_state else None,
            playback_url=view.playback_url,
            replay=VideoOut.of(s.replay_media_id, view.replay) if s.replay_media_id else None,
            viewers_count=view.viewers_count,
            likes_count=view.likes_count,
            started_at=s.started_at,
            ended_at=s.ended_at,
            end_reason=s.end_reason.value if s.end_reason else None,
            created_at=s.created_at,
            updated_at=s.updated_at,
            timeline_url=f"/api/v1/streams/{s.id}/timeline" if s.status is StreamStatus.ENDED else None,
        )


class StreamProductOut(msgspec.Struct):
    stream_id: UUID
    product: ProductOut
    x: float | None
    y: float | None
    timestamp_s: float | None
    featured: bool
    clicks: int
    views: int
    inquiries: int
    purchases: int

    @classmethod
    def of(cls, view: StreamProductView) -> StreamProductOut:
        tag, figures = view.item.tag, view.figures
        return cls(
            stream_id=view.stream_id,
            product=ProductOut.of(view.listing),
            x=tag.x if tag else None,
            y=tag.y if tag else None,
            timestamp_s=tag.timestamp_s if tag else None,
            featured=view.item.featured,
            clicks=figures.clicks,
            views=figures.views,
            inquiries=figures.inquiries,
            purchases=figures.purchases,
        )


class RoomOut(msgspec.Struct):
    """The `stream:join` answer: what the room shows (the playback URL as an admitted viewer gets it)."""

    stream: StreamOut
    products: list[StreamProductOut]
    viewers: int

    @classmethod
    def of(cls, view: StreamView, products: list[StreamProductView]) -> RoomOut:
        return cls(StreamOut.of(view), [StreamProductOut.of(p) for p in products], view.viewers_count)


class PreparedOut(msgspec.Struct):
    """The `stream:prepare` answer: the owner's preview; `ready` once a product is listed."""

    stream: StreamOut
    products: list[StreamProductOut]
    ready: bool

    @classmethod
    def of(cls, view: StreamView, products: list[StreamProductView]) -> PreparedOut:
        return cls(StreamOut.of(view), [StreamProductOut.of(p) for p in products], bool(products))
