"""A sale in progress: pending → paid → completed, or cancelled (before paid) / refunded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from souk.domain.fees.policy import FeeQuote
from souk.domain.negotiation.errors import InvalidTransactionTransition, NotTheBuyer, TransactionNotFound
from souk.domain.shared.money import Money


class TransactionStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


OPEN_TRANSACTION_STATUSES = frozenset({TransactionStatus.PENDING, TransactionStatus.PAID})


@dataclass(slots=True)
class Transaction:
    id: UUID
    offer_id: UUID | None
    product_id: UUID
    buyer_id: UUID
    seller_id: UUID
    price: Money
    platform_fee: Money
    fee_rate_bps: int
    seller_payout: Money
    status: TransactionStatus
    created_at: datetime
    updated_at: datetime
    payment_reference: str | None = None

    @classmethod
    def open(
        cls,
        transaction_id: UUID,
        offer_id: UUID | None,
        product_id: UUID,
        buyer_id: UUID,
        seller_id: UUID,
        quote: FeeQuote,
        now: datetime,
    ) -> Transaction:
        assert quote.fee.amount + quote.payout.amount == quote.price.amount
        return cls(
            id=transaction_id,
            offer_id=offer_id,
            product_id=product_id,
            buyer_id=buyer_id,
            seller_id=seller_id,
            price=quote.price,
            platform_fee=quote.fee,
            fee_rate_bps=quote.rate_bps,
            seller_payout=quote.payout,
            status=TransactionStatus.PENDING,
            created_at=now,
            updated_at=now,
        )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TRANSACTION_STATUSES

    def require_party(self, user_id: UUID) -> None:
        if user_id not in (self.buyer_id, self.seller_id):
            raise TransactionNotFound()

    def pay(self, by: UUID, reference: str, now: datetime) -> None:
        self._buyer_moves(by, {TransactionStatus.PENDING}, TransactionStatus.PAID, now)
        self.payment_reference = reference

    def confirm_receipt(self, by: UUID, now: datetime) -> None:
        self._buyer_moves(by, {TransactionStatus.PAID}, TransactionStatus.COMPLETED, now)

    def cancel(self, by: UUID, now: datetime) -> None:
        self.require_party(by)
        self._move({TransactionStatus.PENDING}, TransactionStatus.CANCELLED, now)

    def refund(self, now: datetime) -> None:
        self._move({TransactionStatus.PAID, TransactionStatus.COMPLETED}, TransactionStatus.REFUNDED, now)

    def _buyer_moves(self, by: UUID, allowed: set[TransactionStatus], to: TransactionStatus, now: datetime) -> None:
        self.require_party(by)
        if by != self.buyer_id:
            raise NotTheBuyer()
        self._move(allowed, to, now)

    def _move(self, allowed: set[TransactionStatus], to: TransactionStatus, now: datetime) -> None:
        if self.status not in allowed:
            raise InvalidTransactionTransition(
                f"The transaction is {self.status.value}; it cannot become {to.value}.",
                current_status=self.status.value,
            )
        self.status = to
        self.updated_at = now
