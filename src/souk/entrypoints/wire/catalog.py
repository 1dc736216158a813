"""Products as REST answers and live-room frames show them (a stream's products too)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from souk.application.ports.catalog_reader import Listing, SellerSummary, VideoPreview
from souk.domain.catalog.location import shown_distance_km
from souk.entrypoints.wire.geo import GeoPointOut
from souk.entrypoints.wire.media import ImageOut
from souk.entrypoints.wire.money import MoneyOut, money


class SellerOut(msgspec.Struct):
    id: UUID
    username: str
    display_name: str
    seller_tier: str

    @classmethod
    def of(cls, seller: SellerSummary) -> SellerOut:
        return cls(seller.id, seller.username, seller.display_name, seller.seller_tier)


class VideoOut(msgspec.Struct):
    """The listing's processed video: HLS (adaptive, with a master playlist) and DASH."""

    media_id: UUID
    hls_url: str | None
    dash_url: str | None
    thumbnail_url: str | None
    duration_s: float | None

    @classmethod
    def of(cls, media_id: UUID, preview: VideoPreview | None) -> VideoOut:
        if preview is None:  # the video was removed since; the id stays for the seller to see
            return cls(media_id, None, None, None, None)
        return cls(media_id, preview.hls_url, preview.dash_url, preview.thumbnail_url, preview.duration_s)


class ProductOut(msgspec.Struct, omit_defaults=True):
    """`images` are the seller's uploaded images, re-encoded without metadata, with their
    size variants; `image_urls` lists their main URLs (listings from before uploaded images
    show the URLs they were given there). `location` is the public point of the place
    (500 m to 1 km off, the same for every listing at that place), never the seller's point.
    `distance_km` (measured to the public point, to 0.1 km, never under 0.5) only in lists
    that have a centre."""

    id: UUID
    seller: SellerOut
    title: str
    description: str
    price: MoneyOut
    category_id: UUID
    condition: str
    feed_type: str
    image_urls: list[str]
    images: list[ImageOut]
    video: VideoOut | None
    location: GeoPointOut | None
    status: str
    saves_count: int
    likes_count: int
    views_count: int
    quantity: int  # the stock left (one-off items: 1; 0 once its last unit sold)
    created_at: datetime
    updated_at: datetime
    distance_km: float | None = None

    @classmethod
    def of(cls, listing: Listing) -> ProductOut:
        p = listing.product
        shown = listing.public_location
        return cls(
            id=p.id,
            seller=SellerOut.of(listing.seller),
            title=p.title,
            description=p.description,
            price=money(p.price),
            category_id=p.category_id,
            condition=p.condition.value,
            feed_type=p.feed_type.value,
            image_urls=listing.image_urls,
            images=[ImageOut.of(image) for image in listing.images],
            video=VideoOut.of(p.video_media_id, listing.video) if p.video_media_id else None,
            location=GeoPointOut(shown.lat, shown.lng) if shown else None,
            status=p.status.value,
            saves_count=p.saves_count,
            likes_count=p.likes_count,
            views_count=p.views_count,
            quantity=p.quantity,
            created_at=p.created_at,
            updated_at=p.updated_at,
            distance_km=shown_distance_km(listing.distance_km) if listing.distance_km is not None else None,
        )
