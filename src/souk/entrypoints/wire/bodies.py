from __future__ import annotations

from typing import Annotated

import msgspec

from souk.domain.shared.money import Money


class Body(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of every request body (REST) and frame's data (WebSocket): unknown fields are
    an error, not silently dropped."""


class MoneyIn(Body):
    amount: Annotated[int, msgspec.Meta(ge=0, description="Integer minor units (cents; yen; fils)")]
    currency: Annotated[str, msgspec.Meta(pattern="^[A-Z]{3}$", description="ISO 4217 code")]

    def to_money(self) -> Money:
        return Money(self.amount, self.currency)
