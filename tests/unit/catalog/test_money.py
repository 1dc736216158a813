from __future__ import annotations

from decimal import Decimal

import pytest

from souk.domain.shared.errors import InvalidInput
from souk.domain.shared.money import Money


@pytest.mark.parametrize(
    ("major", "currency", "minor", "exponent"),
    [
        ("12.34", "USD", 1234, 2),
        ("1500", "JPY", 1500, 0),
        ("1.234", "KWD", 1234, 3),
        ("0.125", "USD", 12, 2),  # half to even
        ("0.135", "USD", 14, 2),  # half to even
        ("2.5", "JPY", 2, 0),
        ("0.0005", "KWD", 0, 3),
        ("0.0015", "KWD", 2, 3),
    ],
)
def test_major_amounts_become_minor_units_with_the_currency_exponent(
    major: str, currency: str, minor: int, exponent: int
) -> None:
    money = Money.of(major, currency)
    assert money == Money(minor, currency)
    assert money.exponent == exponent


def test_round_trip_to_decimal_and_text() -> None:
    assert Money(1234, "KWD").to_decimal() == Decimal("1.234")
    assert str(Money(1234, "KWD")) == "1.234 KWD"
    assert str(Money(1500, "JPY")) == "1500 JPY"
    assert str(Money(5, "USD")) == "0.05 USD"


@pytest.mark.parametrize(
    ("amount", "currency"),
    [(-1, "USD"), (10**16, "USD"), (1, "XXX"), (1, "usd"), (True, "USD")],
)
def test_invalid_money_is_refused(amount: int, currency: str) -> None:
    with pytest.raises(InvalidInput):
        Money(amount, currency)


def test_non_numbers_are_refused() -> None:
    with pytest.raises(InvalidInput):
        Money.of("abc", "USD")
    with pytest.raises(InvalidInput):
        Money.of("NaN", "USD")
