"""The money side of one sale or tip: its provider facts, its status and its ledger.

``apply`` joins a provider event into the facts and returns the ledger entries that move
the money positions from before to after — nothing when the event changes nothing, so a
repeat is harmless even before the store's exactly-once check."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from souk.domain.payments.errors import InvalidPaymentTransition, InvalidRefundAmount, WrongPaymentMethod
from souk.domain.payments.facts import PaymentFacts, ProviderEvent
from souk.domain.payments.ledger import EntryKind, LedgerEntry
from souk.domain.payments.status import PaymentStatus
from souk.domain.shared.money import Money
from souk.domain.shared.payment_method import PaymentMethod

BPS = 10_000
FREE = "free"  # the provider of a zero-price card sale (a giveaway's prize): nothing is charged


@dataclass(slots=True)
class Payment:
    transaction_id: UUID
    buyer_id: UUID
    seller_id: UUID
    method: PaymentMethod
    price: Money
    fee: Money
    provider: str  # "simulated", "stripe", "cash" or FREE
    created_at: datetime
    updated_at: datetime
    intent_id: str | None = None
    client_secret: str | None = None
    auto_capture: bool = False  # tips: captured at once, never held
    facts: PaymentFacts = field(default_factory=PaymentFacts)

    @property
    def currency(self) -> str:
        return self.price.currency

    @property
    def is_free(self) -> bool:
        """A zero-price card sale: no intent, no card step; confirming receipt completes it."""
        return self.provider == FREE

    @property
    def payout(self) -> Money:
        return Money(self.price.amount - self.fee.amount, self.currency)

    @property
    def refunded(self) -> int:
        f = self.facts
        return min(self.price.amount, f.refunded + f.dispute_lost) if f.captured else 0

    @property
    def status(self) -> PaymentStatus:
        f = self.facts
        if f.captured:
            if f.dispute_opened and not f.dispute_closed:
                return PaymentStatus.DISPUTED
            if self.refunded and self.refunded >= self.price.amount:  # a free sale refunds nothing
                return PaymentStatus.REFUNDED
            return PaymentStatus.PARTIALLY_REFUNDED if self.refunded else PaymentStatus.COMPLETED
        if f.cancelled:
            return PaymentStatus.CANCELLED
        if f.expired:
            return PaymentStatus.EXPIRED
        return PaymentStatus.AUTHORIZED if f.authorized else PaymentStatus.PENDING

    def positions(self) -> dict[EntryKind, int]:
        f, price = self.facts, self.price.amount
        captured = price if f.captured else 0
        refunded = self.refunded
        # the fee gives back its pro-rata share of a refund, rounded half-up like the fee
        fee = self.fee.amount - _share(self.fee.amount, refunded, price) if captured else 0
        payout = captured - refunded - fee
        released = f.captured or f.cancelled or f.expired
        return {
            EntryKind.HOLD: price if f.authorized and not released else 0,
            EntryKind.CAPTURE: captured,
            EntryKind.REFUND: -refunded,
            EntryKind.FEE: fee,
            EntryKind.PAYOUT: payout,
            EntryKind.PAYOUT_HELD: payout if f.dispute_opened and not f.dispute_closed else 0,
        }

    def apply(self, event: ProviderEvent) -> list[LedgerEntry]:
        before = self.positions()
        self.facts = self.facts.join(event)
        after = self.positions()
        entries = [
            LedgerEntry(
                self.transaction_id, kind, after[kind] - before[kind], self.currency, event.event_id, event.occurred_at
            )
            for kind in EntryKind
            if after[kind] != before[kind]
        ]
        if entries:
            self.updated_at = max(self.updated_at, event.occurred_at)
        return entries

    # What a person may ask for; the provider's answer then arrives as an event.

    def require_card_step(self) -> None:
        """The buyer's card step: a card payment not yet authorised (a free one has none)."""
        self._require_method(PaymentMethod.CARD)
        if self.is_free:
            raise InvalidPaymentTransition(
                "The sale is free: there is no card step; confirm receipt once the item arrives.",
                current_status=self.status.value,
            )
        self._require({PaymentStatus.PENDING}, PaymentStatus.AUTHORIZED)

    def require_capturable(self) -> None:
        """Receipt confirmed: an authorised hold is captured; a free sale completes from pending."""
        self._require_method(PaymentMethod.CARD)
        self._require({PaymentStatus.PENDING} if self.is_free else {PaymentStatus.AUTHORIZED}, PaymentStatus.COMPLETED)

    def require_cash_receivable(self) -> None:
        self._require_method(PaymentMethod.CASH)
        self._require({PaymentStatus.PENDING}, PaymentStatus.COMPLETED)

    def require_cancellable(self) -> None:
        self._require({PaymentStatus.PENDING, PaymentStatus.AUTHORIZED}, PaymentStatus.CANCELLED)

    def require_expirable(self) -> None:
        self._require({PaymentStatus.PENDING, PaymentStatus.AUTHORIZED}, PaymentStatus.EXPIRED)

    def require_refundable(self, amount: int) -> int:
        """Returns the new cumulative refunded amount."""
        self._require_method(PaymentMethod.CARD)
        self._require({PaymentStatus.COMPLETED, PaymentStatus.PARTIALLY_REFUNDED}, PaymentStatus.REFUNDED)
        if not 0 < amount <= self.price.amount - self.refunded:
            raise InvalidRefundAmount(field="amount")
        return self.refunded + amount

    def _require_method(self, method: PaymentMethod) -> None:
        if self.method is not method:
            raise WrongPaymentMethod()

    def _require(self, allowed: set[PaymentStatus], to: PaymentStatus) -> None:
        if self.status not in allowed:
            raise InvalidPaymentTransition(
                f"The transaction is {self.status.value}; it cannot become {to.value}.",
                current_status=self.status.value,
            )


def _share(fee: int, refunded: int, price: int) -> int:
    """``fee * refunded / price`` rounded half-up, in integers."""
    if not price:
        return 0
    return (fee * refunded * 2 + price) // (2 * price)
