from __future__ import annotations

from typing import Protocol
from uuid import UUID


class OffSessionCharges(Protocol):
    """Charging a sale to the buyer's saved card without them (an auction's winner)."""

    async def charge(self, transaction_id: UUID) -> bool:
        """``True`` when the sale is paid; ``False`` when the card (or its absence) refused
        it — the sale is then cancelled and its units given back. Charged at most once,
        however often it is called (retries, two processes). Commits its own changes."""
        ...
