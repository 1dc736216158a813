from __future__ import annotations

import msgspec

from souk.domain.shared.money import Money


class MoneyOut(msgspec.Struct):
    amount: int
    currency: str


def money(value: Money) -> MoneyOut:
    return MoneyOut(value.amount, value.currency)
