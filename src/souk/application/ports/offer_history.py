from __future__ import annotations

from typing import Protocol
from uuid import UUID


class OfferHistory(Protocol):
    """Whether a listing has ever had an offer (its currency is then fixed)."""

    async def has_offers(self, product_id: UUID) -> bool: ...
