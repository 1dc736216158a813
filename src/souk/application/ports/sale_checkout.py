from __future__ import annotations

from typing import Protocol

from souk.domain.negotiation.transaction import Transaction


class SaleCheckout(Protocol):
    """The card step of a sale opened from a live room, started right after it committed."""

    async def client_secret(self, sale: Transaction) -> str | None:
        """Open the sale's card payment (a cart's: one for all its sales) and hand back the
        buyer's ``client_secret``; ``None`` when there is no card step here (no provider)
        or it could not be opened now (the first look at the sale opens it then). Never
        raises: the sale is already committed."""
        ...
