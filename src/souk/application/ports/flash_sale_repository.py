from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.streams.flash_sale import FlashSale


class FlashSaleRepository(Protocol):
    async def add(self, sale: FlashSale) -> bool:
        """``False`` (nothing written) when the product already has one not ended in the
        stream (a partial unique index, not a prior read)."""
        ...

    async def get_for_update(self, flash_sale_id: UUID) -> FlashSale | None: ...

    async def save(self, sale: FlashSale) -> None: ...

    async def current(self, stream_id: UUID, product_id: UUID) -> FlashSale | None:
        """The one not ended yet (it may be past its end, waiting for its job or the sweep)."""
        ...

    async def overdue(self, now: datetime, limit: int) -> list[UUID]:
        """Not ended, due at ``now`` or before, soonest first."""
        ...
