"""A product listing and its status machine.

available → reserved (an offer is accepted; payment pending) → sold;
available ↔ archived by the seller; reserved → available only when the sale is cancelled
or expires before completing (a completed sale never brings it back). ``mark-sold`` is
for sales outside the app: refused while a sale is open. Status changes only through
these methods, never by editing.

``quantity`` is the stock left (one-off items have 1). A live room sells units of an
available product without reserving it: ``take_units`` lowers the stock, the last unit
makes it sold; ``give_back_units`` (the room sale cancelled or expired) raises it again
and a product sold that way is available once more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from souk.domain.catalog.errors import (
    CurrencyLocked,
    InvalidStatusTransition,
    LocationRequired,
    NotTheSeller,
    PriceLocked,
    ProductSold,
    ProductTakenDown,
    SaleInProgress,
    SoldOut,
)
from souk.domain.shared.errors import InvalidInput
from souk.domain.shared.feeds import FeedType as FeedType  # kept importable here
from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.money import Money

TITLE_MIN, TITLE_MAX = 3, 120
DESCRIPTION_MAX = 5000
MAX_IMAGES = 10
URL_MAX = 2048
QUANTITY_MAX = 10_000


class ProductStatus(StrEnum):
    AVAILABLE = "available"
    RESERVED = "reserved"
    SOLD = "sold"
    ARCHIVED = "archived"


class Condition(StrEnum):
    NEW = "new"
    LIKE_NEW = "like_new"
    GOOD = "good"
    FAIR = "fair"


@dataclass(frozen=True, slots=True)
class ProductDraft:
    title: str
    description: str
    price: Money
    category_id: UUID
    condition: Condition
    feed_type: FeedType
    image_media_ids: tuple[UUID, ...] = ()
    video_media_id: UUID | None = None
    location: GeoPoint | None = None
    quantity: int = 1


@dataclass(slots=True)
class ProductChanges:
    """A partial edit: ``None`` leaves a field as it is. Status is not here on purpose."""

    title: str | None = None
    description: str | None = None
    price: Money | None = None
    category_id: UUID | None = None
    condition: Condition | None = None
    image_media_ids: tuple[UUID, ...] | None = None
    video_media_id: UUID | None = None
    clear_video: bool = False
    location: GeoPoint | None = None
    clear_location: bool = False
    quantity: int | None = None


@dataclass(frozen=True, slots=True)
class ListingCounts:
    """What a product in a status adds to its seller's ``listings_count`` and ``sold_count``."""

    listings: int
    sold: int

    @classmethod
    def of(cls, status: ProductStatus) -> ListingCounts:
        return cls(
            listings=int(status in (ProductStatus.AVAILABLE, ProductStatus.RESERVED)),
            sold=int(status is ProductStatus.SOLD),
        )

    def __sub__(self, other: ListingCounts) -> ListingCounts:
        return ListingCounts(self.listings - other.listings, self.sold - other.sold)


@dataclass(slots=True)
class Product:
    id: UUID
    seller_id: UUID
    title: str
    description: str
    price: Money
    category_id: UUID
    condition: Condition
    feed_type: FeedType
    created_at: datetime
    updated_at: datetime
    image_urls: tuple[str, ...] = ()  # listings from before images were uploaded media
    video_media_id: UUID | None = None
    location: GeoPoint | None = None
    status: ProductStatus = ProductStatus.AVAILABLE
    accepted_offer_id: UUID | None = None  # set by negotiation while an offer is accepted
    saves_count: int = 0
    likes_count: int = 0
    views_count: int = 0
    image_media_ids: tuple[UUID, ...] = ()  # the seller's processed images, in order
    taken_down_at: datetime | None = None  # staff took it down: archived for good
    quantity: int = 1  # the stock left
    _previous_counts: ListingCounts | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def list(cls, product_id: UUID, seller_id: UUID, draft: ProductDraft, now: datetime) -> Product:
        product = cls(
            id=product_id,
            seller_id=seller_id,
            title=_title(draft.title),
            description=_description(draft.description),
            price=draft.price,
            category_id=draft.category_id,
            condition=draft.condition,
            feed_type=draft.feed_type,
            image_media_ids=_images(draft.image_media_ids),
            video_media_id=draft.video_media_id,
            location=draft.location,
            quantity=_quantity(draft.quantity),
            created_at=now,
            updated_at=now,
        )
        product._check_location()
        return product

    def show_images(self, urls: tuple[str, ...]) -> None:
        """The main URLs of ``image_media_ids`` (checked by the caller), kept for the lists
        that show products without looking media up (live rooms)."""
        if len(urls) != len(self.image_media_ids):
            raise ValueError("one URL per image")
        self.image_urls = urls

    @property
    def price_locked(self) -> bool:
        return self.status is ProductStatus.RESERVED or self.accepted_offer_id is not None

    def edit(self, changes: ProductChanges, by: UUID, now: datetime, *, had_offer: bool = False) -> None:
        """``had_offer``: the listing has had at least one offer, so its currency is fixed
        (offers and their sales are in the listing's currency)."""
        self._require_seller(by)
        if self.status is ProductStatus.SOLD:
            raise ProductSold()
        if changes.price is not None and changes.price != self.price and self.price_locked:
            raise PriceLocked()
        if changes.price is not None and changes.price.currency != self.price.currency and had_offer:
            raise CurrencyLocked()
        if changes.clear_location and self.feed_type is FeedType.COMMUNITY:
            raise LocationRequired()
        if changes.title is not None:
            self.title = _title(changes.title)
        if changes.description is not None:
            self.description = _description(changes.description)
        if changes.price is not None:
            self.price = changes.price
        if changes.category_id is not None:
            self.category_id = changes.category_id
        if changes.condition is not None:
            self.condition = changes.condition
        if changes.quantity is not None:
            self.quantity = _quantity(changes.quantity)
        if changes.image_media_ids is not None:
            self.image_media_ids = _images(changes.image_media_ids)
            self.image_urls = ()  # the listing now shows only images its seller uploaded
        if changes.clear_video:
            self.video_media_id = None
        elif changes.video_media_id is not None:
            self.video_media_id = changes.video_media_id
        if changes.clear_location:
            self.location = None
        elif changes.location is not None:
            self.location = changes.location
        self.updated_at = now

    def archive(self, by: UUID, now: datetime) -> None:
        self._require_seller(by)
        if self.status is ProductStatus.ARCHIVED:
            return
        self._move({ProductStatus.AVAILABLE}, ProductStatus.ARCHIVED, now)

    def restore(self, by: UUID, now: datetime) -> None:
        self._require_seller(by)
        if self.taken_down_at is not None:
            raise ProductTakenDown()
        self._move({ProductStatus.ARCHIVED}, ProductStatus.AVAILABLE, now)

    def take_down(self, now: datetime) -> None:
        """Staff remove the listing from every public read (archived, and the seller cannot
        restore it). A listing whose sale is under way stays as it is: a 409."""
        if self.status is not ProductStatus.ARCHIVED:
            self._move({ProductStatus.AVAILABLE}, ProductStatus.ARCHIVED, now)
        self.taken_down_at = now
        self.updated_at = now

    def mark_sold(self, by: UUID, now: datetime) -> None:
        """The seller sold it outside the app. Refused while an in-app sale is open: the
        buyer's transaction could then be neither completed nor cancelled."""
        self._require_seller(by)
        if self.status is ProductStatus.RESERVED:
            raise SaleInProgress()
        self._move({ProductStatus.AVAILABLE}, ProductStatus.SOLD, now)

    def reserve(self, offer_id: UUID, now: datetime) -> None:
        """An offer was accepted: payment is pending and the price is locked."""
        self._move({ProductStatus.AVAILABLE}, ProductStatus.RESERVED, now)
        self.accepted_offer_id = offer_id

    def complete_sale(self, now: datetime) -> None:
        self._move({ProductStatus.RESERVED}, ProductStatus.SOLD, now)

    def cancel_transaction(self, now: datetime) -> None:
        """The sale was cancelled or expired before completing: the only way back to
        available from reserved. A sold product never comes back (a refund keeps it sold)."""
        self._move({ProductStatus.RESERVED}, ProductStatus.AVAILABLE, now)
        self.accepted_offer_id = None

    def take_units(self, quantity: int, now: datetime) -> None:
        """A room sale of ``quantity`` units: only from an available product with that many
        left (the store's conditional update is the guard against a concurrent one)."""
        if self.status is not ProductStatus.AVAILABLE or self.taken_down_at is not None or self.quantity < quantity:
            raise SoldOut(remaining=self.quantity if self.status is ProductStatus.AVAILABLE else 0)
        self.quantity -= quantity
        self.updated_at = now
        if self.quantity == 0:
            self._move({ProductStatus.AVAILABLE}, ProductStatus.SOLD, now)

    def give_back_units(self, quantity: int, now: datetime) -> None:
        """A room sale was cancelled or expired before completing: its units are in stock
        again, and a product its last unit had sold is available again."""
        if self.quantity == 0 and self.status is ProductStatus.SOLD:
            self._move({ProductStatus.SOLD}, ProductStatus.AVAILABLE, now)
        self.quantity += quantity
        self.updated_at = now

    def counts_delta(self) -> ListingCounts:
        """How the seller's counters move for the status changes since the product was loaded."""
        before = self._previous_counts or ListingCounts.of(self.status)
        return ListingCounts.of(self.status) - before

    def _move(self, allowed_from: set[ProductStatus], to: ProductStatus, now: datetime) -> None:
        if self.status not in allowed_from:
            raise InvalidStatusTransition(
                f"The product is {self.status.value}; it cannot become {to.value}.", current_status=self.status.value
            )
        if self._previous_counts is None:
            self._previous_counts = ListingCounts.of(self.status)
        self.status = to
        self.updated_at = now

    def _require_seller(self, by: UUID) -> None:
        if by != self.seller_id:
            raise NotTheSeller()

    def _check_location(self) -> None:
        if self.feed_type is FeedType.COMMUNITY and self.location is None:
            raise InvalidInput("A community listing needs a location.", field="location")


def _title(raw: str) -> str:
    value = " ".join(raw.split())
    if not TITLE_MIN <= len(value) <= TITLE_MAX:
        raise InvalidInput(f"A title has {TITLE_MIN}-{TITLE_MAX} characters.", field="title")
    return value


def _description(raw: str) -> str:
    value = raw.strip()
    if len(value) > DESCRIPTION_MAX:
        raise InvalidInput(f"A description has at most {DESCRIPTION_MAX} characters.", field="description")
    return value


def _quantity(value: int) -> int:
    if isinstance(value, bool) or not 1 <= value <= QUANTITY_MAX:
        raise InvalidInput(f"A quantity is between 1 and {QUANTITY_MAX}.", field="quantity")
    return value


def _images(media_ids: tuple[UUID, ...]) -> tuple[UUID, ...]:
    if len(media_ids) > MAX_IMAGES:
        raise InvalidInput(f"A product has at most {MAX_IMAGES} images.", field="image_media_ids")
    if len(set(media_ids)) != len(media_ids):
        raise InvalidInput("An image appears twice.", field="image_media_ids")
    return tuple(media_ids)
