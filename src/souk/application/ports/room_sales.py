from __future__ import annotations

from typing import Protocol
from uuid import UUID

from souk.domain.negotiation.transaction import SaleSource, Transaction


class RoomSales(Protocol):
    """The sales opened from live rooms (rows of the transactions store)."""

    async def add(self, sale: Transaction) -> bool:
        """Write a room sale; ``False`` (nothing written) when its ``(source, source_id)``
        already has one — an auction or giveaway opens at most one sale."""
        ...

    async def by_source(self, source: SaleSource, source_id: UUID) -> Transaction | None: ...
