"""A tip: a viewer's gift of money to the seller of a live stream, charged to a card at
once (never held), paid out to the seller minus the platform fee. Its money side is a
``Payment`` named by the tip's id; the tip row says where it went and when it was
captured (the room hears it then, once)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from souk.domain.payments.errors import CannotTipYourself, InvalidTipAmount
from souk.domain.shared.money import Money

MAX_TIP = 1_000_000  # minor units, in any currency: 10,000.00 EUR, 1,000,000 JPY, 1,000.000 KWD


@dataclass(slots=True)
class Tip:
    id: UUID
    stream_id: UUID
    tipper_id: UUID
    seller_id: UUID
    amount: Money
    fee: Money
    created_at: datetime
    captured_at: datetime | None = None

    @classmethod
    def give(
        cls, tip_id: UUID, stream_id: UUID, seller_id: UUID, tipper_id: UUID, amount: Money, fee: Money, now: datetime
    ) -> Tip:
        if tipper_id == seller_id:
            raise CannotTipYourself()
        require_tip_amount(amount)
        return cls(tip_id, stream_id, tipper_id, seller_id, amount, fee, now)


def require_tip_amount(amount: Money) -> None:
    if not 0 < amount.amount <= MAX_TIP:
        raise InvalidTipAmount(field="amount.amount")


@dataclass(frozen=True, slots=True)
class TipTotal:
    """The captured tips of a stream in one currency."""

    currency: str
    count: int
    amount: int
