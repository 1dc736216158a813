from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from souk.domain.catalog.errors import (
    CurrencyLocked,
    InvalidStatusTransition,
    LocationRequired,
    NotTheSeller,
    PriceLocked,
    ProductSold,
    SaleInProgress,
)
from souk.domain.catalog.product import (
    Condition,
    FeedType,
    ListingCounts,
    Product,
    ProductChanges,
    ProductDraft,
    ProductStatus,
)
from souk.domain.shared.errors import InvalidInput
from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.money import Money

SAME_IMAGE = uuid4()

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
SELLER = uuid4()


def draft(**overrides: object) -> ProductDraft:
    values: dict[str, object] = {
        "title": "  Road   bike ",
        "description": "Fast",
        "price": Money(25000, "EUR"),
        "category_id": uuid4(),
        "condition": Condition.GOOD,
        "feed_type": FeedType.COMMUNITY,
        "location": GeoPoint(48.85, 2.35),
        **overrides,
    }
    return ProductDraft(**values)  # type: ignore[arg-type]


def listed(**overrides: object) -> Product:
    return Product.list(uuid4(), SELLER, draft(**overrides), NOW)


def test_listing_normalises_and_starts_available() -> None:
    product = listed()
    assert product.title == "Road bike"
    assert product.status is ProductStatus.AVAILABLE


@pytest.mark.parametrize(
    "overrides",
    [
        {"location": None},
        {"title": "ab"},
        {"image_media_ids": tuple(uuid4() for _ in range(11))},
        {"image_media_ids": (SAME_IMAGE, SAME_IMAGE)},
    ],
)
def test_invalid_listings_are_refused(overrides: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        listed(**overrides)


def test_discover_listing_needs_no_location() -> None:
    assert listed(feed_type=FeedType.DISCOVER, location=None).location is None


def test_happy_path_reserved_then_sold() -> None:
    product = listed()
    product.reserve(uuid4(), NOW)
    assert product.status is ProductStatus.RESERVED
    product.complete_sale(NOW)
    assert product.status is ProductStatus.SOLD


def test_archive_and_restore_by_the_seller() -> None:
    product = listed()
    product.archive(SELLER, NOW)
    product.archive(SELLER, NOW)  # idempotent
    assert product.status is ProductStatus.ARCHIVED
    product.restore(SELLER, NOW)
    assert product.status is ProductStatus.AVAILABLE


@pytest.mark.parametrize(
    ("setup", "move"),
    [
        ("sold", lambda p: p.restore(SELLER, NOW)),
        ("sold", lambda p: p.archive(SELLER, NOW)),
        ("sold", lambda p: p.mark_sold(SELLER, NOW)),
        ("reserved", lambda p: p.archive(SELLER, NOW)),
        ("reserved", lambda p: p.reserve(uuid4(), NOW)),
        ("archived", lambda p: p.mark_sold(SELLER, NOW)),
        ("available", lambda p: p.complete_sale(NOW)),
        ("available", lambda p: p.cancel_transaction(NOW)),
        ("sold", lambda p: p.cancel_transaction(NOW)),
    ],
)
def test_forbidden_transitions(setup: str, move: object) -> None:
    product = listed()
    if setup == "sold":
        product.mark_sold(SELLER, NOW)
    elif setup == "reserved":
        product.reserve(uuid4(), NOW)
    elif setup == "archived":
        product.archive(SELLER, NOW)
    before = product.status
    with pytest.raises(InvalidStatusTransition):
        move(product)  # type: ignore[operator]
    assert product.status is before


def test_a_sale_cancelled_before_completing_brings_the_product_back() -> None:
    product = listed()
    product.reserve(uuid4(), NOW)
    product.cancel_transaction(NOW)
    assert product.status is ProductStatus.AVAILABLE
    assert product.accepted_offer_id is None


def test_a_completed_sale_never_brings_the_product_back() -> None:
    product = listed()
    product.reserve(uuid4(), NOW)
    product.complete_sale(NOW)
    with pytest.raises(InvalidStatusTransition):
        product.cancel_transaction(NOW)
    assert product.status is ProductStatus.SOLD


def test_mark_sold_is_refused_while_a_sale_is_open() -> None:
    product = listed()
    product.reserve(uuid4(), NOW)
    with pytest.raises(SaleInProgress):
        product.mark_sold(SELLER, NOW)
    assert product.status is ProductStatus.RESERVED
    product.cancel_transaction(NOW)
    product.mark_sold(SELLER, NOW)
    assert product.status is ProductStatus.SOLD


def test_currency_is_fixed_once_the_listing_had_an_offer() -> None:
    product = listed()
    with pytest.raises(CurrencyLocked):
        product.edit(ProductChanges(price=Money(8000, "KWD")), SELLER, NOW, had_offer=True)
    assert product.price == Money(25000, "EUR")
    product.edit(ProductChanges(price=Money(20000, "EUR")), SELLER, NOW, had_offer=True)  # same currency: fine
    product.edit(ProductChanges(price=Money(8000, "KWD")), SELLER, NOW, had_offer=False)
    assert product.price == Money(8000, "KWD")


def test_only_the_seller_changes_a_product() -> None:
    product = listed()
    stranger = uuid4()
    for action in (
        lambda: product.edit(ProductChanges(title="Mine now"), stranger, NOW),
        lambda: product.archive(stranger, NOW),
        lambda: product.mark_sold(stranger, NOW),
    ):
        with pytest.raises(NotTheSeller):
            action()
    assert (product.title, product.status) == ("Road bike", ProductStatus.AVAILABLE)


def test_price_is_locked_while_an_offer_is_accepted() -> None:
    product = listed()
    product.reserve(uuid4(), NOW)
    with pytest.raises(PriceLocked):
        product.edit(ProductChanges(price=Money(1, "EUR")), SELLER, NOW)
    assert product.price == Money(25000, "EUR")
    product.edit(ProductChanges(title="Road bike (reserved)", price=Money(25000, "EUR")), SELLER, NOW)
    assert product.title == "Road bike (reserved)"


def test_sold_products_are_not_edited_and_community_keeps_its_location() -> None:
    product = listed()
    with pytest.raises(LocationRequired):  # a conflict with the listing's state (409), not bad input
        product.edit(ProductChanges(clear_location=True), SELLER, NOW)
    assert product.location is not None
    product.mark_sold(SELLER, NOW)
    with pytest.raises(ProductSold):
        product.edit(ProductChanges(title="Again"), SELLER, NOW)


def test_counter_deltas_follow_status_moves() -> None:
    product = listed()
    assert product.counts_delta() == ListingCounts(0, 0)
    product.mark_sold(SELLER, NOW)
    assert product.counts_delta() == ListingCounts(-1, 1)
    other = listed()
    other.archive(SELLER, NOW)
    assert other.counts_delta() == ListingCounts(-1, 0)
    assert ListingCounts.of(ProductStatus.RESERVED) == ListingCounts(1, 0)
