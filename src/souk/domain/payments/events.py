"""What payments tell the rest of Souk (through the outbox; consumers tolerate repeats)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Self
from uuid import UUID

from souk.domain.payments.payment import Payment
from souk.domain.payments.status import PaymentStatus
from souk.domain.shared.events import DomainEvent
from souk.domain.shared.money import Money


@dataclass(frozen=True, slots=True)
class PaymentUpdated(DomainEvent):
    """A payment's status changed (authorised, captured, refunded, disputed, ...)."""

    topic: ClassVar[str] = "payment.updated"

    transaction_id: UUID
    buyer_id: UUID
    seller_id: UUID
    status: PaymentStatus
    amount: Money
    refunded: int

    @classmethod
    def of(cls, payment: Payment) -> Self:
        return cls(
            payment.transaction_id,
            payment.buyer_id,
            payment.seller_id,
            payment.status,
            payment.price,
            payment.refunded,
        )


@dataclass(frozen=True, slots=True)
class PayoutsEnabled(DomainEvent):
    """The provider turned a seller's payouts on (``account.updated``)."""

    topic: ClassVar[str] = "payments.payouts_enabled"

    user_id: UUID


@dataclass(frozen=True, slots=True)
class TipCaptured(DomainEvent):
    """A viewer's tip was charged: the stream's room hears ``stream:tip`` with who gave
    how much (once per tip: only the capture that marks it raises this)."""

    topic: ClassVar[str] = "payments.tip_captured"

    tip_id: UUID
    stream_id: UUID
    seller_id: UUID
    tipper_id: UUID
    tipper_username: str
    tipper_display_name: str
    amount: Money
