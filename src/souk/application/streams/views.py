"""What clients see of a stream and its products, as plain JSON-ready data: the same
shape goes out over REST (typed by the HTTP schemas) and in WebSocket frames."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from souk.application.ports.catalog_reader import Listing, SellerSummary, VideoPreview
from souk.domain.streams.stream import Stream
from souk.domain.streams.stream_product import StreamProduct

Wire = dict[str, Any]


def rfc3339(value: datetime | None) -> str | None:
    """As msgspec writes a UTC datetime (REST bodies), so frames and REST agree to the character."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value is not None else None


def seller_wire(seller: SellerSummary) -> Wire:
    return {
        "id": str(seller.id),
        "username": seller.username,
        "display_name": seller.display_name,
        "seller_tier": seller.seller_tier,
    }


def video_wire(media_id: UUID, preview: VideoPreview | None) -> Wire:
    return {
        "media_id": str(media_id),
        "hls_url": preview.hls_url if preview else None,
        "dash_url": preview.dash_url if preview else None,
        "thumbnail_url": preview.thumbnail_url if preview else None,
        "duration_s": preview.duration_s if preview else None,
    }


def listing_wire(listing: Listing) -> Wire:
    """A product exactly as ``GET /api/v1/products/{id}`` shows it (public position only)."""
    p = listing.product
    shown = listing.public_location  # never p.location: the exact point stays on the server
    return {
        "id": str(p.id),
        "seller": seller_wire(listing.seller),
        "title": p.title,
        "description": p.description,
        "price": {"amount": p.price.amount, "currency": p.price.currency},
        "category_id": str(p.category_id),
        "condition": p.condition.value,
        "feed_type": p.feed_type.value,
        "image_urls": listing.image_urls,
        "images": [image.wire() for image in listing.images],
        "video": video_wire(p.video_media_id, listing.video) if p.video_media_id else None,
        "location": {"lat": shown.lat, "lng": shown.lng} if shown else None,
        "status": p.status.value,
        "saves_count": p.saves_count,
        "likes_count": p.likes_count,
        "views_count": p.views_count,
        "created_at": rfc3339(p.created_at),
        "updated_at": rfc3339(p.updated_at),
    }


@dataclass(frozen=True, slots=True)
class ProductFigures:
    views: int = 0
    clicks: int = 0
    inquiries: int = 0
    purchases: int = 0


@dataclass(frozen=True, slots=True)
class StreamProductView:
    stream_id: UUID
    item: StreamProduct
    listing: Listing
    figures: ProductFigures

    def to_wire(self) -> Wire:
        tag = self.item.tag
        return {
            "stream_id": str(self.stream_id),
            "product": listing_wire(self.listing),
            "x": tag.x if tag else None,
            "y": tag.y if tag else None,
            "timestamp_s": tag.timestamp_s if tag else None,
            "featured": self.item.featured,
            "clicks": self.figures.clicks,
            "views": self.figures.views,
            "inquiries": self.figures.inquiries,
            "purchases": self.figures.purchases,
        }


@dataclass(frozen=True, slots=True)
class StreamView:
    stream: Stream
    seller: SellerSummary
    viewers_count: int
    playback_url: str | None
    replay: VideoPreview | None
    likes_count: int = 0

    def to_wire(self) -> Wire:
        s, settings = self.stream, self.stream.settings
        return {
            "id": str(s.id),
            "seller": seller_wire(self.seller),
            "title": s.title,
            "description": s.description,
            "status": s.status.value,
            "scheduled_at": rfc3339(s.scheduled_at),
            "settings": {
                "audience": settings.audience.value,
                "estimated_duration_min": settings.estimated_duration_min,
                "notify_followers": settings.notify_followers,
                "notify_neighborhood": settings.notify_neighborhood,
                "enable_chat": settings.enable_chat,
                "enable_comments": settings.enable_comments,
                "record_stream": settings.record_stream,
            },
            "ingest_state": s.ingest_state.value if s.ingest_state else None,
            "playback_url": self.playback_url,
            "replay": video_wire(s.replay_media_id, self.replay) if s.replay_media_id else None,
            "viewers_count": self.viewers_count,
            "likes_count": self.likes_count,
            "started_at": rfc3339(s.started_at),
            "ended_at": rfc3339(s.ended_at),
            "end_reason": s.end_reason.value if s.end_reason else None,
            "created_at": rfc3339(s.created_at),
            "updated_at": rfc3339(s.updated_at),
        }
