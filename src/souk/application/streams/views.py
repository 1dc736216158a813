"""What clients see of a stream and its products, as the application reads it; the wire
structs both doors send are built from these in ``entrypoints/wire/streams.py``."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.catalog_reader import Listing, SellerSummary, VideoPreview
from souk.domain.streams.stream import Stream
from souk.domain.streams.stream_product import StreamProduct


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


@dataclass(frozen=True, slots=True)
class StreamView:
    stream: Stream
    seller: SellerSummary
    viewers_count: int
    playback_url: str | None
    replay: VideoPreview | None
    likes_count: int = 0
