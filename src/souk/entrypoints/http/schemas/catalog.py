from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from souk.application.catalog.browse_discover import DiscoverPage
from souk.application.ports.catalog_reader import Listing
from souk.application.ports.engagement_repository import FollowEntry
from souk.application.ports.live_streams import LiveStreamSummary
from souk.application.shared.paging import Page
from souk.domain.catalog.category import Category, CategoryTree
from souk.domain.catalog.location import listing_point
from souk.domain.catalog.product import (
    DESCRIPTION_MAX,
    MAX_IMAGES,
    QUANTITY_MAX,
    TITLE_MAX,
    Condition,
    FeedType,
    ProductChanges,
    ProductDraft,
)
from souk.entrypoints.http.schemas.common import Body, GeoPointIn
from souk.entrypoints.wire.bodies import MoneyIn as MoneyIn
from souk.entrypoints.wire.catalog import ProductOut as ProductOut
from souk.entrypoints.wire.catalog import SellerOut as SellerOut
from souk.entrypoints.wire.catalog import VideoOut as VideoOut

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
    quantity: Annotated[int, msgspec.Meta(ge=1, le=QUANTITY_MAX, description="Units in stock (one-off items: 1)")] = 1

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
            quantity=self.quantity,
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
    quantity: Annotated[int, msgspec.Meta(ge=1, le=QUANTITY_MAX, description="Units in stock")] | None = None

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
            quantity=self.quantity,
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
