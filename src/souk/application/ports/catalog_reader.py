from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from souk.application.ports.images import ImageView
from souk.application.shared.cursors import SortKey
from souk.domain.catalog.product import Product
from souk.domain.catalog.search import SearchCriteria
from souk.domain.shared.geo import GeoPoint


@dataclass(frozen=True, slots=True)
class SellerSummary:
    id: UUID
    username: str
    display_name: str
    seller_tier: str


@dataclass(frozen=True, slots=True)
class VideoPreview:
    """What a listing shows of its processed video."""

    media_id: UUID
    hls_url: str
    dash_url: str
    thumbnail_url: str
    duration_s: float


@dataclass(frozen=True, slots=True)
class Listing:
    """A product as a buyer sees it in a list. ``public_location`` is the product's public
    point, the only place shown; ``distance_km`` is measured to it (the exact
    ``product.location`` never leaves the server); ``key`` is where the list stands after it
    (for the next page's cursor)."""

    product: Product
    seller: SellerSummary
    public_location: GeoPoint | None
    distance_km: float | None
    key: SortKey
    video: VideoPreview | None = None
    images: tuple[ImageView, ...] = ()  # of ``product.image_media_ids`` still there and processed

    @property
    def image_urls(self) -> list[str]:
        """The images' main URLs; listings from before uploaded images show the URLs they had."""
        if self.product.image_media_ids:
            return [image.url for image in self.images]
        return list(self.product.image_urls)


class CatalogReader(Protocol):
    async def search(self, criteria: SearchCriteria, after: SortKey | None, limit: int) -> list[Listing]:
        """Available products matching the criteria in ``criteria.effective_sort`` order
        (ties broken by id), strictly after ``after``; at most ``limit``."""
        ...

    async def listing(self, product_id: UUID) -> Listing | None:
        """One product of any status, with its seller."""
        ...

    async def listings(self, product_ids: Sequence[UUID]) -> list[Listing]:
        """The products of any status, with their sellers, as ``listing`` gives each, in one
        read: in the order asked, each once (where first asked), unknown ids left out."""
        ...

    async def saved_by(self, user_id: UUID, after: SortKey | None, limit: int) -> list[Listing]:
        """The products a user saved, most recently saved first."""
        ...
