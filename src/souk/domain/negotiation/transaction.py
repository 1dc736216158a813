"""A sale: its parties, price, fee and status.

``card`` sales follow their payment (PRODUCT.md §5: pending → authorized → completed, or
cancelled / expired before capture; refunded, partially_refunded, disputed after): the
payments feature decides the payment's status from the provider's facts and the sale
``follows`` it. ``paid`` is the status of sales paid through the old manual gateway.

A sale comes from an accepted offer (``source`` ``offer``) or from a live room
(``buy_now``, ``auction``, ``giveaway``: ``stream_id`` set, ``offer_id`` None) for
``quantity`` units; ``source_id`` names the auction or giveaway (one sale each)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from souk.domain.fees.policy import FeeQuote
from souk.domain.negotiation.errors import InvalidTransactionTransition, NotTheBuyer, TransactionNotFound
from souk.domain.shared.money import Money
from souk.domain.shared.payment_method import PaymentMethod


class TransactionStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    AUTHORIZED = "authorized"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially_refunded"
    DISPUTED = "disputed"


OPEN_TRANSACTION_STATUSES = frozenset({TransactionStatus.PENDING, TransactionStatus.PAID, TransactionStatus.AUTHORIZED})


class SaleSource(StrEnum):
    OFFER = "offer"
    BUY_NOW = "buy_now"
    AUCTION = "auction"
    GIVEAWAY = "giveaway"


# The sale ended before completing: the product is free again.
RELEASING_STATUSES = frozenset({TransactionStatus.CANCELLED, TransactionStatus.EXPIRED})


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
    payment_method: PaymentMethod = PaymentMethod.CARD
    quantity: int = 1
    source: SaleSource = SaleSource.OFFER
    source_id: UUID | None = None
    stream_id: UUID | None = None

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
        payment_method: PaymentMethod = PaymentMethod.CARD,
        *,
        quantity: int = 1,
        source: SaleSource = SaleSource.OFFER,
        source_id: UUID | None = None,
        stream_id: UUID | None = None,
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
            payment_method=payment_method,
            quantity=quantity,
            source=source,
            source_id=source_id,
            stream_id=stream_id,
        )

    @property
    def from_room(self) -> bool:
        """Sold from a live room: units of the product's stock, not a reservation."""
        return self.source is not SaleSource.OFFER

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

    def follow_payment(self, status: str, now: datetime) -> bool:
        """Take the status its payment now has; ``True`` when it changed."""
        new = TransactionStatus(status)
        if new is self.status:
            return False
        self.status = new
        self.updated_at = now
        return True

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
