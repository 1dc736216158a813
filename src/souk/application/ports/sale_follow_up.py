from __future__ import annotations

from typing import Protocol

from souk.domain.negotiation.transaction import Transaction


class SaleFollowUp(Protocol):
    """What a sale needs next, started right after its accept committed (the card
    payment's intent at the provider). Never raises: the accept is already done, and what
    fails here is done again lazily when a party first looks at the sale."""

    async def opened(self, sale: Transaction) -> None: ...
