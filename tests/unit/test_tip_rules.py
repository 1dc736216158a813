"""A tip's own rules, below the wire: its amount bounds in any currency, and the seller
cannot tip themself."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from souk.domain.fees.policy import FeePolicy
from souk.domain.payments.errors import CannotTipYourself, InvalidTipAmount
from souk.domain.payments.tip import MAX_TIP, Tip
from souk.domain.shared.money import Money
from souk.domain.shared.seller_tier import SellerTier

NOW = datetime(2026, 12, 7, tzinfo=UTC)


@pytest.mark.parametrize("currency", ["EUR", "JPY", "KWD"])
def test_a_tip_is_between_one_minor_unit_and_the_maximum(currency: str) -> None:
    seller, viewer = uuid.uuid4(), uuid.uuid4()
    for amount in (1, MAX_TIP):
        tip = Tip.give(uuid.uuid4(), uuid.uuid4(), seller, viewer, Money(amount, currency), Money(0, currency), NOW)
        assert tip.amount.amount == amount
        assert tip.captured_at is None
    for amount in (0, MAX_TIP + 1):
        with pytest.raises(InvalidTipAmount):
            Tip.give(uuid.uuid4(), uuid.uuid4(), seller, viewer, Money(amount, currency), Money(0, currency), NOW)


def test_the_seller_cannot_tip_their_own_stream() -> None:
    seller = uuid.uuid4()
    with pytest.raises(CannotTipYourself):
        Tip.give(uuid.uuid4(), uuid.uuid4(), seller, seller, Money(500, "EUR"), Money(75, "EUR"), NOW)


def test_a_tip_pays_the_discover_rate_of_the_seller_tier() -> None:
    fees = FeePolicy.with_pro_rates(discover_bps=1000, community_bps=300)
    assert fees.tip_quote(Money(500, "EUR"), SellerTier.FREE).fee == Money(75, "EUR")  # 15 %
    assert fees.tip_quote(Money(505, "EUR"), SellerTier.PRO).fee == Money(51, "EUR")  # 10 %, half-up
