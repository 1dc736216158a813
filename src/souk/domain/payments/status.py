from __future__ import annotations

from enum import StrEnum


class PaymentStatus(StrEnum):
    """PRODUCT.md §5. ``card``: pending → authorized → completed, or cancelled / expired
    before capture; refunded / partially_refunded / disputed after. ``cash``: pending →
    completed or cancelled."""

    PENDING = "pending"
    AUTHORIZED = "authorized"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially_refunded"
    DISPUTED = "disputed"


OPEN_PAYMENT_STATUSES = frozenset({PaymentStatus.PENDING, PaymentStatus.AUTHORIZED})
RELEASED_STATUSES = frozenset({PaymentStatus.CANCELLED, PaymentStatus.EXPIRED})
