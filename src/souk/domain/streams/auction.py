"""A live auction (Whatnot's model): a seller auctions one of the stream's products for
5-120 seconds from a starting price. Each bid must reach the current bid plus the
increment of its price band; a bid in the last ``extend_window`` seconds pushes the end to
that many seconds from the bid (anti-sniping) unless the auction is "sudden death". The
highest bid when the time runs out wins; no bid, no sale. The clients count down to
``ends_at``; the server ends it (once) when ``ends_at`` has passed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from souk.domain.shared.money import Money
from souk.domain.streams.analytics import AuctionFigures
from souk.domain.streams.auction_errors import (
    AuctionClosed,
    BidTooLow,
    CannotBidOnOwnAuction,
    InvalidAuction,
    InvalidBid,
)

MIN_DURATION_S = 5
MAX_DURATION_S = 120

# eBay-like increments by price band, in major units: (band's upper bound, step).
INCREMENTS: tuple[tuple[int, str], ...] = (
    (1, "0.05"),
    (5, "0.25"),
    (25, "0.50"),
    (100, "1"),
    (250, "2.50"),
    (500, "5"),
    (1000, "10"),
    (2500, "25"),
    (5000, "50"),
)
TOP_INCREMENT = "100"


def increment(current: Money) -> Money:
    """The step a bid must add to ``current`` (at least one minor unit)."""
    major = current.to_decimal()
    step = next((s for bound, s in INCREMENTS if major < bound), TOP_INCREMENT)
    return Money(max(1, Money.of(step, current.currency).amount), current.currency)


def minimum_after(starting_price: Money, current_bid: Money | None) -> Money:
    """The least the next bid may be: the starting price, then the current bid plus its step."""
    if current_bid is None:
        return starting_price
    return Money(current_bid.amount + increment(current_bid).amount, current_bid.currency)


class AuctionStatus(StrEnum):
    RUNNING = "running"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class BidOutcome:
    extended: bool


@dataclass(slots=True)
class Auction:
    id: UUID
    stream_id: UUID
    seller_id: UUID
    product_id: UUID
    starting_price: Money
    duration_s: int
    sudden_death: bool
    started_at: datetime
    ends_at: datetime
    status: AuctionStatus = AuctionStatus.RUNNING
    current_bid: Money | None = None
    leader_id: UUID | None = None
    leader_alias: str | None = None
    bids: int = 0
    ended_at: datetime | None = None
    transaction_id: UUID | None = None
    outcome: str | None = None  # how the sale went: see ``settled``

    @classmethod
    def start(
        cls,
        auction_id: UUID,
        stream_id: UUID,
        seller_id: UUID,
        product_id: UUID,
        starting_price: Money,
        duration_s: int,
        sudden_death: bool,
        now: datetime,
    ) -> Auction:
        if isinstance(duration_s, bool) or not MIN_DURATION_S <= duration_s <= MAX_DURATION_S:
            raise InvalidAuction(f"duration_s is {MIN_DURATION_S}-{MAX_DURATION_S} seconds.", field="duration_s")
        if starting_price.amount <= 0:
            raise InvalidAuction("The starting price is above zero.", field="starting_price.amount")
        ends_at = now + timedelta(seconds=duration_s)
        return cls(auction_id, stream_id, seller_id, product_id, starting_price, duration_s, sudden_death, now, ends_at)

    @property
    def running(self) -> bool:
        return self.status is AuctionStatus.RUNNING

    @property
    def winner_id(self) -> UUID | None:
        return self.leader_id if self.status is AuctionStatus.ENDED else None

    def minimum_bid(self) -> Money:
        return minimum_after(self.starting_price, self.current_bid)

    def bid(self, bidder_id: UUID, alias: str, amount: Money, now: datetime, extend_window_s: int) -> BidOutcome:
        """Raises ``AuctionClosed`` once ``ends_at`` has passed (even before the sweep ends
        it), ``BidTooLow`` under ``minimum_bid()``; the leader may raise their own bid."""
        if not self.running or now >= self.ends_at:
            raise AuctionClosed()
        if bidder_id == self.seller_id:
            raise CannotBidOnOwnAuction()
        if amount.currency != self.starting_price.currency:
            raise InvalidBid(f"Bids are in {self.starting_price.currency}.", field="amount.currency")
        minimum = self.minimum_bid()
        if amount.amount < minimum.amount:
            raise BidTooLow(f"The next bid is at least {minimum}.", minimum=minimum.amount)
        self.current_bid, self.leader_id, self.leader_alias = amount, bidder_id, alias
        self.bids += 1
        window = timedelta(seconds=extend_window_s)
        if self.sudden_death or extend_window_s <= 0 or self.ends_at - now > window:
            return BidOutcome(extended=False)
        self.ends_at = now + window
        return BidOutcome(extended=True)

    def due(self, now: datetime) -> bool:
        return self.running and now >= self.ends_at

    def close(self, now: datetime) -> bool:
        """Ends it when due; False when it is not (still running, or already ended)."""
        if not self.due(now):
            return False
        self.status, self.ended_at = AuctionStatus.ENDED, now
        if self.leader_id is None:
            self.outcome = "no_bids"
        return True

    def settled(self, outcome: str, transaction_id: UUID | None) -> None:
        """``sold`` (the winner's saved card charged), ``declined`` (the charge failed: the
        sale is cancelled and the product released), ``unsold`` (the sale could not open)."""
        self.outcome, self.transaction_id = outcome, transaction_id


def auction_figures(auction: Auction) -> AuctionFigures:
    final = auction.current_bid if auction.winner_id is not None else None
    return AuctionFigures(auction.id, auction.product_id, auction.status.value, auction.bids, final, auction.outcome)
