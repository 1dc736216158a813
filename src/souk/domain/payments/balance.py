from __future__ import annotations

from dataclasses import dataclass

from souk.domain.payments.ledger import EntryKind


@dataclass(frozen=True, slots=True)
class SellerBalance:
    """A seller's money in one currency, from their ledger entries. ``pending``: held on
    buyers' cards and payouts held by disputes; ``available``: payouts earned and not held;
    ``paid_out``: what Souk itself paid out (nothing yet: the provider pays the connected
    account directly)."""

    currency: str
    pending: int
    available: int
    paid_out: int

    @classmethod
    def of(cls, currency: str, by_kind: dict[EntryKind, int]) -> SellerBalance:
        held = by_kind.get(EntryKind.PAYOUT_HELD, 0)
        return cls(
            currency=currency,
            pending=by_kind.get(EntryKind.HOLD, 0) + held,
            available=by_kind.get(EntryKind.PAYOUT, 0) - held,
            paid_out=0,
        )
