from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID


class RoomStock(Protocol):
    """The stock of products sold from live rooms, moved by the store itself."""

    async def take(self, product_id: UUID, quantity: int, now: datetime) -> int | None:
        """Take ``quantity`` units of an available product in one conditional update (two
        buyers of the last unit: one gets it); the stock left, the product sold when it is
        0 — or ``None`` when it is not available or has fewer units left."""
        ...
