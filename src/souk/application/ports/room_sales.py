from __future__ import annotations

from typing import Protocol
from uuid import UUID

from souk.domain.negotiation.transaction import SaleSource, Transaction
from souk.domain.streams.room_sale import RoomSaleFigures


class RoomSales(Protocol):
    """The sales opened from live rooms (rows of the transactions store)."""

    async def add(self, sale: Transaction) -> bool:
        """Write a room sale; ``False`` (nothing written) when its ``(source, source_id)``
        already has one — an auction or giveaway opens at most one sale."""
        ...

    async def by_source(self, source: SaleSource, source_id: UUID) -> Transaction | None: ...

    async def figures(self, stream_id: UUID) -> dict[UUID, RoomSaleFigures]:
        """Per product, what the stream's room sold (sales not cancelled or expired)."""
        ...

    async def in_checkout(self, checkout_id: UUID) -> list[Transaction]:
        """A cart's sales (one per product), by product id: the order its rows are locked in."""
        ...
