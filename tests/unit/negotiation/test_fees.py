"""The fee table: basis points by feed and tier, half-up to the minor unit, fee + payout == price."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from souk.domain.accounts.values import SellerTier
from souk.domain.catalog.product import FeedType
from souk.domain.fees.policy import FeePolicy, fee_amount
from souk.domain.shared.errors import InvalidInput
from souk.domain.shared.money import CURRENCY_EXPONENTS, MAX_AMOUNT, Money

POLICY = FeePolicy.with_pro_rates()


@pytest.mark.parametrize(
    ("tier", "feed", "bps"),
    [("free", "discover", 1500), ("free", "community", 500), ("pro", "discover", 1000), ("pro", "community", 300)],
)
def test_default_rates(tier: str, feed: str, bps: int) -> None:
    assert POLICY.rate(tier, feed) == bps


def test_pro_rates_are_configurable_and_bounded() -> None:
    policy = FeePolicy.with_pro_rates(discover_bps=800, community_bps=0)
    assert (policy.rate("pro", "discover"), policy.rate("pro", "community")) == (800, 0)
    assert policy.rate("free", "discover") == 1500
    with pytest.raises(InvalidInput):
        FeePolicy.with_pro_rates(discover_bps=10_001)


@pytest.mark.parametrize(
    ("price", "tier", "feed", "fee", "payout"),
    [
        (Money(999, "JPY"), "free", "discover", 150, 849),  # 149.85 yen → 150
        (Money(1003, "JPY"), "free", "community", 50, 953),  # 50.15 → 50
        (Money(10, "JPY"), "free", "community", 1, 9),  # 0.5 → 1 (half-up)
        (Money(30, "JPY"), "pro", "community", 1, 29),  # 0.9 → 1
        (Money(12_345, "KWD"), "free", "discover", 1852, 10_493),  # 12.345 KWD: 1.85175 → 1.852
        (Money(1_001, "KWD"), "pro", "community", 30, 971),  # 30.03 fils → 30
        (Money(1_050, "KWD"), "pro", "discover", 105, 945),
        (Money(25_000, "EUR"), "free", "community", 1250, 23_750),
        (Money(3, "USD"), "free", "community", 0, 3),  # 0.15 cent → 0
        (Money(1, "USD"), "free", "discover", 0, 1),  # 0.15 → 0
        (Money(10, "USD"), "free", "community", 1, 9),  # exactly 0.5 → 1
    ],
)
def test_fee_table(price: Money, tier: str, feed: str, fee: int, payout: int) -> None:
    quote = POLICY.quote(price, SellerTier(tier), FeedType(feed))
    assert quote.fee == Money(fee, price.currency)
    assert quote.payout == Money(payout, price.currency)
    assert quote.fee.amount + quote.payout.amount == price.amount


@given(
    amount=st.integers(min_value=0, max_value=MAX_AMOUNT),
    bps=st.integers(min_value=0, max_value=10_000),
    currency=st.sampled_from(sorted(CURRENCY_EXPONENTS)),
)
def test_fee_is_exact_half_up_and_never_loses_a_unit(amount: int, bps: int, currency: str) -> None:
    from decimal import ROUND_HALF_UP, Decimal

    fee = fee_amount(amount, bps)
    expected = (Decimal(amount) * bps / 10_000).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert fee == int(expected)
    assert 0 <= fee <= amount
    quote = FeePolicy({("free", "discover"): bps}).quote(Money(amount, currency), SellerTier.FREE, FeedType.DISCOVER)
    assert quote.fee.amount + quote.payout.amount == amount
    assert quote.fee.currency == quote.payout.currency == currency
