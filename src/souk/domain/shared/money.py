"""Money as integer minor units of an ISO 4217 currency: never a float."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from souk.domain.shared.errors import InvalidInput

# ISO 4217 minor-unit exponents of the currencies Souk accepts.
CURRENCY_EXPONENTS: dict[str, int] = {
    "USD": 2, "EUR": 2, "GBP": 2, "CHF": 2, "CAD": 2, "AUD": 2, "NZD": 2, "SEK": 2, "NOK": 2,
    "DKK": 2, "PLN": 2, "CZK": 2, "TRY": 2, "AED": 2, "SAR": 2, "QAR": 2, "EGP": 2, "MAD": 2,
    "INR": 2, "PKR": 2, "CNY": 2, "HKD": 2, "SGD": 2, "MXN": 2, "BRL": 2, "ZAR": 2, "NGN": 2,
    "JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "VND": 0, "UGX": 0, "XOF": 0, "XAF": 0,
    "KWD": 3, "BHD": 3, "OMR": 3, "JOD": 3, "TND": 3, "LYD": 3, "IQD": 3,
}  # fmt: skip

MAX_AMOUNT = 10**15  # far above any listing, far below int64


@dataclass(frozen=True, slots=True)
class Money:
    amount: int
    currency: str

    def __post_init__(self) -> None:
        if self.currency not in CURRENCY_EXPONENTS:
            raise InvalidInput(f"Unknown or unsupported currency {self.currency!r}.", field="price.currency")
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise InvalidInput("An amount is an integer number of minor units.", field="price.amount")
        if not 0 <= self.amount <= MAX_AMOUNT:
            raise InvalidInput("An amount is between 0 and 10^15 minor units.", field="price.amount")

    @property
    def exponent(self) -> int:
        return CURRENCY_EXPONENTS[self.currency]

    @classmethod
    def of(cls, major: str | Decimal | int, currency: str) -> Money:
        """From a major-unit amount ("12.345" KWD → 12345), rounding half to even."""
        currency = currency.upper()
        if currency not in CURRENCY_EXPONENTS:
            raise InvalidInput(f"Unknown or unsupported currency {currency!r}.", field="price.currency")
        try:
            value = Decimal(major)
        except InvalidOperation:
            raise InvalidInput("Not a number.", field="price.amount") from None
        if not value.is_finite():
            raise InvalidInput("Not a finite number.", field="price.amount")
        minor = value.scaleb(CURRENCY_EXPONENTS[currency]).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
        return cls(int(minor), currency)

    def to_decimal(self) -> Decimal:
        return Decimal(self.amount).scaleb(-self.exponent)

    def __str__(self) -> str:
        return f"{self.to_decimal():.{self.exponent}f} {self.currency}"
