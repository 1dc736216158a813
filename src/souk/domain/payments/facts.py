"""What the payment provider (or the seller, for cash) has told us about one payment.

Facts only grow: each provider event joins into them (booleans OR, amounts max), so
applying events in any order, or the same event twice, ends in the same facts. Status and
ledger positions are functions of the facts, never of the order events came in."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum


class ProviderEventKind(StrEnum):
    AUTHORIZED = "authorized"  # the hold is on the buyer's card
    CAPTURED = "captured"  # the hold became a charge (cash: the seller got the money)
    CANCELLED = "cancelled"  # the hold was released before capture
    EXPIRED = "expired"  # the hold lapsed before capture
    REFUNDED = "refunded"  # ``amount``: the total refunded so far (cumulative)
    DISPUTE_OPENED = "dispute_opened"
    DISPUTE_CLOSED = "dispute_closed"  # ``amount``: what the buyer won back (0: the seller won)
    FAILED = "failed"  # an attempt was declined: nothing changes, the buyer may retry


@dataclass(frozen=True, slots=True)
class ProviderEvent:
    """One fact from the provider, named by the provider's event id (the unit of
    exactly-once); ``amount`` only for refunds and closed disputes, in minor units."""

    event_id: str
    kind: ProviderEventKind
    occurred_at: datetime
    amount: int = 0


@dataclass(frozen=True, slots=True)
class PaymentFacts:
    authorized: bool = False
    captured: bool = False
    cancelled: bool = False
    expired: bool = False
    refunded: int = 0
    dispute_opened: bool = False
    dispute_closed: bool = False
    dispute_lost: int = 0

    def join(self, event: ProviderEvent) -> PaymentFacts:
        kind = event.kind
        if kind is ProviderEventKind.AUTHORIZED:
            return replace(self, authorized=True)
        if kind is ProviderEventKind.CAPTURED:
            return replace(self, authorized=True, captured=True)
        if kind is ProviderEventKind.CANCELLED:
            return replace(self, cancelled=True)
        if kind is ProviderEventKind.EXPIRED:
            return replace(self, expired=True)
        if kind is ProviderEventKind.REFUNDED:  # only a charge is refunded: it was captured
            return replace(self, authorized=True, captured=True, refunded=max(self.refunded, event.amount))
        if kind is ProviderEventKind.DISPUTE_OPENED:
            return replace(self, authorized=True, captured=True, dispute_opened=True)
        if kind is ProviderEventKind.DISPUTE_CLOSED:
            return replace(
                self,
                authorized=True,
                captured=True,
                dispute_opened=True,
                dispute_closed=True,
                dispute_lost=max(self.dispute_lost, event.amount),
            )
        return self  # FAILED: a declined attempt changes no fact
