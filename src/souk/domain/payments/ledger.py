"""The ledger: every money movement of a payment is one immutable, signed entry.

A payment's entries are the differences between its money positions before and after
each provider event, so for every payment, whatever the order of events:
``sum(capture) + sum(refund) == sum(fee) + sum(payout)`` — fee + payout == captured -
refunded. ``hold`` and ``payout_held`` are memo positions (money reserved, not moved)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class EntryKind(StrEnum):
    HOLD = "hold"  # + on authorisation, - when captured, cancelled or expired
    CAPTURE = "capture"  # + the charge
    REFUND = "refund"  # - money back to the buyer
    FEE = "fee"  # + the platform's share (- its share of a refund)
    PAYOUT = "payout"  # + the seller's share (- its share of a refund)
    PAYOUT_HELD = "payout_held"  # + while a dispute holds the seller's payout, - when it closes


MONEY_IN = (EntryKind.CAPTURE, EntryKind.REFUND)
MONEY_SPLIT = (EntryKind.FEE, EntryKind.PAYOUT)


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    transaction_id: UUID
    kind: EntryKind
    amount: int  # signed minor units
    currency: str
    event_id: str  # the provider event that moved the money
    at: datetime


def total(entries: list[LedgerEntry] | tuple[LedgerEntry, ...], *kinds: EntryKind) -> int:
    return sum(e.amount for e in entries if e.kind in kinds)


def balances(entries: list[LedgerEntry] | tuple[LedgerEntry, ...]) -> bool:
    """fee + payout == captured - refunded (refund entries are negative)."""
    return total(entries, *MONEY_IN) == total(entries, *MONEY_SPLIT)
