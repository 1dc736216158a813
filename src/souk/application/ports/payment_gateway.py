from __future__ import annotations

from typing import Protocol

from souk.domain.negotiation.transaction import Transaction


class PaymentGateway(Protocol):
    async def charge(self, transaction: Transaction) -> str:
        """Take the buyer's payment for the transaction; returns the payment reference."""
        ...
