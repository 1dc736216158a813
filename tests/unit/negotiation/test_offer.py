"""The negotiation state machine: turns, counters between the last two prices, terminal states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from souk.domain.catalog.product import Condition, FeedType, Product, ProductDraft
from souk.domain.negotiation.errors import (
    CounterOutOfRange,
    InvalidOfferPrice,
    NotYourTurn,
    OfferClosed,
    OfferExpired,
    OfferNotFound,
    OnlyBuyerMayWithdraw,
    OwnProduct,
    ProductNotAvailable,
)
from souk.domain.negotiation.offer import Offer, OfferStatus, Side
from souk.domain.shared.money import Money

NOW = datetime(2026, 11, 21, 10, tzinfo=UTC)
SELLER, BUYER = uuid4(), uuid4()


def product(price: int = 10_000, currency: str = "EUR") -> Product:
    draft = ProductDraft("Road bike", "", Money(price, currency), uuid4(), Condition.GOOD, FeedType.DISCOVER)
    return Product.list(uuid4(), SELLER, draft, NOW)


def offer(price: int = 6_000) -> Offer:
    return Offer.make(uuid4(), product(), BUYER, Money(price, "EUR"), uuid4(), NOW)


def test_an_offer_hands_the_turn_to_the_seller() -> None:
    o = offer()
    assert (o.status, o.turn, o.expires_at) == (OfferStatus.PENDING, Side.SELLER, NOW + timedelta(hours=24))
    assert [(m.by, m.action.value) for m in o.history] == [(Side.BUYER, "offer")]


@pytest.mark.parametrize("price", [0, 10_000, 12_000])
def test_the_first_price_is_positive_and_below_the_listing(price: int) -> None:
    with pytest.raises(InvalidOfferPrice):
        offer(price)


def test_offer_rules_on_the_product() -> None:
    with pytest.raises(InvalidOfferPrice):
        Offer.make(uuid4(), product(), BUYER, Money(50, "USD"), uuid4(), NOW)
    with pytest.raises(OwnProduct):
        Offer.make(uuid4(), product(), SELLER, Money(50, "EUR"), uuid4(), NOW)
    sold = product()
    sold.reserve(uuid4(), NOW)
    with pytest.raises(ProductNotAvailable):
        Offer.make(uuid4(), sold, BUYER, Money(50, "EUR"), uuid4(), NOW)


def test_counters_lie_strictly_between_the_last_two_prices() -> None:
    o = offer(6_000)
    for bad in (6_000, 10_000, 5_000, 11_000):
        with pytest.raises(CounterOutOfRange):
            o.counter(Money(bad, "EUR"), SELLER, NOW)
    o.counter(Money(9_000, "EUR"), SELLER, NOW)
    assert (o.status, o.turn) == (OfferStatus.COUNTERED, Side.BUYER)
    assert o.counter_range() == (6_000, 9_000)
    with pytest.raises(CounterOutOfRange):
        o.counter(Money(9_500, "EUR"), BUYER, NOW)
    o.counter(Money(7_000, "EUR"), BUYER, NOW + timedelta(hours=1))
    assert o.counter_range() == (7_000, 9_000)
    assert o.expires_at == NOW + timedelta(hours=25)


def test_only_the_side_in_turn_moves_and_strangers_see_nothing() -> None:
    o = offer()
    for move in (o.accept, o.decline):
        with pytest.raises(NotYourTurn):
            move(BUYER, NOW)
    with pytest.raises(NotYourTurn):
        o.counter(Money(7_000, "EUR"), BUYER, NOW)
    with pytest.raises(OfferNotFound):
        o.accept(uuid4(), NOW)
    with pytest.raises(OnlyBuyerMayWithdraw):
        o.withdraw(SELLER, NOW)
    o.withdraw(BUYER, NOW)
    assert o.status is OfferStatus.WITHDRAWN


def test_a_seller_withdrawing_is_forbidden_whatever_the_state() -> None:
    """403 for what a side may never do comes before 409 for what the state forbids now."""
    declined = offer()
    declined.decline(SELLER, NOW)
    overdue = offer()
    later = NOW + timedelta(hours=25)
    for o, at in ((offer(), NOW), (declined, NOW), (overdue, later)):
        with pytest.raises(OnlyBuyerMayWithdraw):
            o.withdraw(SELLER, at)
    with pytest.raises(OfferClosed):
        declined.withdraw(BUYER, NOW)
    with pytest.raises(OfferExpired):
        overdue.withdraw(BUYER, later)


@pytest.mark.parametrize("end", ["accept", "decline", "withdraw", "expire", "system"])
def test_terminal_states_never_change(end: str) -> None:
    o = offer()
    if end == "accept":
        o.accept(SELLER, NOW)
    elif end == "decline":
        o.decline(SELLER, NOW)
    elif end == "withdraw":
        o.withdraw(BUYER, NOW)
    elif end == "expire":
        assert o.expire(NOW + timedelta(hours=24))
    else:
        o.decline_for_another_sale(NOW)
    before = (o.status, o.price, len(o.history))
    later = NOW + timedelta(hours=1)
    for attempt in (
        lambda: o.accept(SELLER, later),
        lambda: o.decline(SELLER, later),
        lambda: o.withdraw(BUYER, later),
        lambda: o.counter(Money(7_000, "EUR"), SELLER, later),
        lambda: o.decline_for_another_sale(later),
    ):
        with pytest.raises(OfferClosed):
            attempt()
    assert not o.expire(NOW + timedelta(days=5))
    assert (o.status, o.price, len(o.history)) == before


def test_expiry_is_24h_after_the_last_move() -> None:
    o = offer()
    assert not o.expire(NOW + timedelta(hours=23, minutes=59))
    with pytest.raises(OfferExpired):
        o.accept(SELLER, NOW + timedelta(hours=24))
    assert o.expire(NOW + timedelta(hours=24))
    assert o.status is OfferStatus.EXPIRED
    assert o.history[-1].by is Side.SYSTEM
