"""The auction's rules, in the domain: the increment table by price band, the minimum
next bid, anti-sniping (and none in sudden death), refusals, the end exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from souk.domain.shared.money import Money
from souk.domain.streams.auction import Auction, AuctionStatus, increment
from souk.domain.streams.auction_errors import (
    AuctionClosed,
    BidTooLow,
    CannotBidOnOwnAuction,
    InvalidAuction,
    InvalidBid,
)

T0 = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
SELLER = uuid4()


def eur(cents: int) -> Money:
    return Money(cents, "EUR")


def started(duration_s: int = 30, *, sudden_death: bool = False) -> Auction:
    return Auction.start(uuid4(), uuid4(), SELLER, uuid4(), eur(1000), duration_s, sudden_death, T0)


@pytest.mark.parametrize(
    ("current", "step"),
    [
        (eur(50), eur(5)),  # under 1.00: 0.05
        (eur(499), eur(25)),  # 1-5: 0.25
        (eur(1000), eur(50)),  # 5-25: 0.50
        (eur(2500), eur(100)),  # 25-100: 1.00
        (eur(10000), eur(250)),  # 100-250: 2.50
        (eur(30000), eur(500)),
        (eur(99999), eur(1000)),
        (eur(100000), eur(2500)),
        (eur(250000), eur(5000)),
        (eur(500000), eur(10000)),  # from 5,000.00: 100.00
        (Money(3, "JPY"), Money(1, "JPY")),  # never below one minor unit
        (Money(1500, "KWD"), Money(250, "KWD")),  # 1.500 KWD: 0.250
    ],
)
def test_the_increment_of_each_price_band(current: Money, step: Money) -> None:
    assert increment(current) == step


def test_bids_must_reach_the_minimum_and_the_leader_may_raise() -> None:
    auction, ann, bob = started(), uuid4(), uuid4()
    assert auction.minimum_bid() == eur(1000)
    with pytest.raises(BidTooLow):
        auction.bid(ann, "ann", eur(999), T0, 10)
    assert not auction.bid(ann, "ann", eur(1000), T0, 10).extended
    assert auction.minimum_bid() == eur(1050)
    with pytest.raises(BidTooLow):
        auction.bid(bob, "bob", eur(1049), T0, 10)
    with pytest.raises(BidTooLow):
        auction.bid(bob, "bob", eur(1000), T0, 10)  # an equal bid is too low
    auction.bid(bob, "bob", eur(1050), T0, 10)
    auction.bid(bob, "bob", eur(2000), T0, 10)
    assert (auction.current_bid, auction.leader_id, auction.leader_alias, auction.bids) == (eur(2000), bob, "bob", 3)
    with pytest.raises(CannotBidOnOwnAuction):
        auction.bid(SELLER, "seller", eur(5000), T0, 10)
    with pytest.raises(InvalidBid):
        auction.bid(ann, "ann", Money(5000, "USD"), T0, 10)


def test_a_late_bid_pushes_the_end_unless_sudden_death() -> None:
    auction, ann = started(30), uuid4()
    auction.bid(ann, "ann", eur(1000), T0 + timedelta(seconds=19), 10)  # 11 s left: no change
    assert auction.ends_at == T0 + timedelta(seconds=30)
    outcome = auction.bid(uuid4(), "bob", eur(1100), T0 + timedelta(seconds=29, milliseconds=500), 10)
    assert outcome.extended
    assert auction.ends_at == T0 + timedelta(seconds=39, milliseconds=500)
    sudden = started(30, sudden_death=True)
    assert not sudden.bid(ann, "ann", eur(1000), T0 + timedelta(seconds=29, milliseconds=999), 10).extended
    assert sudden.ends_at == T0 + timedelta(seconds=30)
    never = started(30)
    assert not never.bid(ann, "ann", eur(1000), T0 + timedelta(seconds=29), 0).extended


def test_the_end_comes_once_and_refuses_later_bids() -> None:
    auction, ann = started(10), uuid4()
    auction.bid(ann, "ann", eur(1500), T0 + timedelta(seconds=1), 3)
    assert not auction.close(T0 + timedelta(seconds=9))  # not due yet
    with pytest.raises(AuctionClosed):
        auction.bid(uuid4(), "bob", eur(9000), T0 + timedelta(seconds=10), 3)  # due, even before it is closed
    assert auction.close(T0 + timedelta(seconds=10))
    assert not auction.close(T0 + timedelta(seconds=11))  # once
    assert (auction.status, auction.winner_id, auction.outcome) == (AuctionStatus.ENDED, ann, None)
    unsold = started(5)
    assert unsold.close(T0 + timedelta(seconds=6))
    assert (unsold.winner_id, unsold.outcome) == (None, "no_bids")


@pytest.mark.parametrize("duration_s", [4, 121, 0, True])
def test_durations_are_5_to_120_seconds(duration_s: int) -> None:
    with pytest.raises(InvalidAuction):
        started(duration_s)


def test_the_starting_price_is_above_zero() -> None:
    with pytest.raises(InvalidAuction):
        Auction.start(uuid4(), uuid4(), SELLER, uuid4(), eur(0), 30, False, T0)
