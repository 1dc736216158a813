from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from souk.application.catalog.browse_discover import DiscoverPage
from souk.application.ports.catalog_reader import Listing, SellerSummary, VideoPreview
from souk.application.ports.engagement_repository import FollowEntry
from souk.application.ports.live_streams import LiveStreamSummary
from souk.application.shared.paging import Page
from souk.domain.catalog.category import Category, CategoryTree
from souk.domain.catalog.location import listing_point, shown_distance_km
from souk.domain.catalog.product import (
    DESCRIPTION_MAX,
    MAX_IMAGES,
    TITLE_MAX,
    Condition,
    FeedType,
    ProductChanges,
    ProductDraft,
)
from souk.entrypoints.http.schemas.common import Body, GeoPointIn, GeoPointOut
from souk.entrypoints.http.schemas.media import ImageOut
from souk.entrypoints.wire.bodies import MoneyIn as MoneyIn
from souk.entrypoints.wire.money import MoneyOut

ConditionName = Literal["new", "like_new", "good", "fair"]
FeedName = Literal["discover", "community"]
ImageMediaIds = Annotated[
    list[UUID],
    msgspec.Meta(
        max_length=MAX_IMAGES,
        description="Your own processed images (`POST /api/v1/media/image/process`), in the order shown",
    ),
]


class ProductCreate(Body):
    title: Annotated[str, msgspec.Meta(max_length=TITLE_MAX)]
    price: MoneyIn
    category_id: UUID
    condition: ConditionName
    feed_type: FeedName
    description: Annotated[str, msgspec.Meta(max_length=DESCRIPTION_MAX)] = ""
    image_media_ids: ImageMediaIds = msgspec.field(default_factory=list)
    video_media_id: UUID | None = None
    location: GeoPointIn | None = None

    def to_draft(self) -> ProductDraft:
        return ProductDraft(
            title=self.title,
            description=self.description,
            price=self.price.to_money(),
            category_id=self.category_id,
            condition=Condition(self.condition),
            feed_type=FeedType(self.feed_type),
            image_media_ids=tuple(self.image_media_ids),
            video_media_id=self.video_media_id,
            location=listing_point(self.location.lat, self.location.lng) if self.location else None,
        )


class ProductPatch(Body):
    """Every field optional. `status` and `feed_type` are not fields: sending them is a 400.
    `video_media_id: null` removes the video; `location: null` removes the location;
    `image_media_ids` replaces the images (`[]` removes them)."""

    title: Annotated[str, msgspec.Meta(max_length=TITLE_MAX)] | None = None
    description: Annotated[str, msgspec.Meta(max_length=DESCRIPTION_MAX)] | None = None
    price: MoneyIn | None = None
    category_id: UUID | None = None
    condition: ConditionName | None = None
    image_media_ids: ImageMediaIds | None = None
    video_media_id: UUID | msgspec.UnsetType | None = msgspec.UNSET
    location: GeoPointIn | msgspec.UnsetType | None = msgspec.UNSET

    def to_changes(self) -> ProductChanges:
        location, video = self.location, self.video_media_id
        return ProductChanges(
            title=self.title,
            description=self.description,
            price=self.price.to_money() if self.price else None,
            category_id=self.category_id,
            condition=Condition(self.condition) if self.condition else None,
            image_media_ids=tuple(self.image_media_ids) if self.image_media_ids is not None else None,
            video_media_id=video if isinstance(video, UUID) else None,
            clear_video=video is None,
            location=listing_point(location.lat, location.lng) if isinstance(location, GeoPointIn) else None,
            clear_location=location is None,
        )


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
            price=MoneyOut(p.price.amount, p.price.currency),
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
            created_at=p.created_at,
            updated_at=p.updated_at,
            distance_km=shown_distance_km(listing.distance_km) if listing.distance_km is not None else None,
        )


class ProductPageOut(msgspec.Struct):
    items: list[ProductOut]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[Listing]) -> ProductPageOut:
        return cls([ProductOut.of(item) for item in page.items], page.next_cursor)


class LiveStreamOut(msgspec.Struct):
    id: UUID
    title: str
    seller_id: UUID
    viewers: int
    started_at: datetime
    thumbnail_url: str | None

    @classmethod
    def of(cls, s: LiveStreamSummary) -> LiveStreamOut:
        return cls(s.id, s.title, s.seller_id, s.viewers, s.started_at, s.thumbnail_url)


class DiscoverPageOut(msgspec.Struct):
    """`live_now` lists streams live now on the first page, and is empty on later pages."""

    items: list[ProductOut]
    next_cursor: str | None
    live_now: list[LiveStreamOut]

    @classmethod
    def of(cls, result: DiscoverPage) -> DiscoverPageOut:
        return cls(
            [ProductOut.of(item) for item in result.page.items],
            result.page.next_cursor,
            [LiveStreamOut.of(s) for s in result.live_now],
        )


class CategoryOut(msgspec.Struct):
    id: UUID
    name: str
    slug: str
    children: list[CategoryOut]

    @classmethod
    def of(cls, category: Category, children: tuple[Category, ...] = ()) -> CategoryOut:
        return cls(category.id, category.name, category.slug, [cls.of(c) for c in children])

    @classmethod
    def tree(cls, tree: CategoryTree) -> list[CategoryOut]:
        return [cls.of(node.category, node.children) for node in tree.roots]


class UserSummaryOut(msgspec.Struct):
    id: UUID
    username: str
    display_name: str
    avatar_url: str | None
    seller_tier: str


class UserPageOut(msgspec.Struct):
    items: list[UserSummaryOut]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[FollowEntry]) -> UserPageOut:
        return cls(
            [
                UserSummaryOut(e.user.id, e.user.username, e.user.display_name, e.avatar_url, e.user.seller_tier)
                for e in page.items
            ],
            page.next_cursor,
        )
