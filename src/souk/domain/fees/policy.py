"""The platform fee: a rate in basis points by feed and seller tier, rounded half-up."""

from __future__ import annotations

from dataclasses import dataclass, field

from souk.domain.shared.errors import InvalidInput
from souk.domain.shared.feeds import FeedType
from souk.domain.shared.money import Money
from souk.domain.shared.seller_tier import SellerTier

BPS = 10_000
FREE_RATES = {"discover": 1500, "community": 500}
PRO_DEFAULTS = {"discover": 1000, "community": 300}
TIP_FEED = FeedType.DISCOVER  # a live stream's tip pays the platform what a discover sale pays


@dataclass(frozen=True, slots=True)
class FeeQuote:
    price: Money
    rate_bps: int
    fee: Money
    payout: Money


@dataclass(frozen=True, slots=True)
class FeePolicy:
    """``rates[(tier, feed)]`` in basis points (1 bp = 0.01 %)."""

    rates: dict[tuple[str, str], int] = field(default_factory=dict)

    @classmethod
    def with_pro_rates(cls, discover_bps: int = 1000, community_bps: int = 300) -> FeePolicy:
        rates = {("free", feed): bps for feed, bps in FREE_RATES.items()}
        rates[("pro", "discover")] = discover_bps
        rates[("pro", "community")] = community_bps
        for bps in rates.values():
            if not 0 <= bps <= BPS:
                raise InvalidInput("A fee rate is between 0 and 10000 basis points.")
        return cls(rates)

    def rate(self, tier: str, feed: str) -> int:
        return self.rates[(tier, feed)]

    def quote(self, price: Money, tier: SellerTier, feed: FeedType) -> FeeQuote:
        """Every (tier, feed) has a rate (``with_pro_rates`` fills them all): no fallback."""
        bps = self.rate(tier.value, feed.value)
        fee = fee_amount(price.amount, bps)
        return FeeQuote(price, bps, Money(fee, price.currency), Money(price.amount - fee, price.currency))

    def tip_quote(self, amount: Money, tier: SellerTier) -> FeeQuote:
        return self.quote(amount, tier, TIP_FEED)


def fee_amount(amount: int, bps: int) -> int:
    """``amount * bps / 10000`` rounded half-up to the minor unit, in integers only."""
    return (amount * bps * 2 + BPS) // (2 * BPS)
