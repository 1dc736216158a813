"""How a buyer pays (shared: negotiation records the choice, payments moves the money)."""

from __future__ import annotations

from enum import StrEnum


class PaymentMethod(StrEnum):
    CARD = "card"  # through the payment provider: hold, capture, refund
    CASH = "cash"  # community sales in person: the seller confirms receipt
