"""A tip's body and answer: shaped like a transaction (price, fee, payout, status), for a
stream instead of a product."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from souk.domain.payments.payment import Payment
from souk.domain.payments.status import PaymentStatus
from souk.domain.payments.tip import MAX_TIP, Tip
from souk.domain.shared.money import Money
from souk.entrypoints.wire.bodies import Body
from souk.entrypoints.wire.money import MoneyOut, money


class TipAmountIn(Body):
    """How much to tip: 1 to 1,000,000 minor units of an accepted currency."""

    amount: Annotated[int, msgspec.Meta(ge=1, le=MAX_TIP, description="Integer minor units (cents; yen; fils)")]
    currency: Annotated[str, msgspec.Meta(pattern="^[A-Z]{3}$", description="ISO 4217 code")]

    def to_money(self) -> Money:
        return Money(self.amount, self.currency)


class TipIn(Body):
    """A tip: how much, and (card simulator only) with which test card."""

    amount: TipAmountIn
    card: (
        Annotated[
            str,
            msgspec.Meta(
                max_length=32,
                description="Card simulator only (embedded): the test card to pay with, 4242424242424242 by default;"
                " a deployment with a real provider answers 409 `simulator_only`",
            ),
        ]
        | None
    ) = None


class TipOut(msgspec.Struct):
    """A tip as a transaction: the price charged, the platform's fee, the seller's payout and the payment's
    status (`completed` once captured); `client_secret` for the tipper's card step while `pending`."""

    id: UUID
    stream_id: UUID
    buyer_id: UUID
    seller_id: UUID
    price: MoneyOut
    platform_fee: MoneyOut
    seller_payout: MoneyOut
    status: str
    created_at: datetime
    updated_at: datetime
    payment_method: str = "card"
    client_secret: str | None = None  # the tipper's, for the card step, while pending

    @classmethod
    def of(cls, tip: Tip, payment: Payment) -> TipOut:
        pending = payment.status is PaymentStatus.PENDING
        return cls(
            id=tip.id,
            stream_id=tip.stream_id,
            buyer_id=tip.tipper_id,
            seller_id=tip.seller_id,
            price=money(payment.price),
            platform_fee=money(payment.fee),
            seller_payout=money(payment.payout),
            status=payment.status.value,
            created_at=payment.created_at,
            updated_at=payment.updated_at,
            payment_method=payment.method.value,
            client_secret=payment.client_secret if pending else None,
        )
