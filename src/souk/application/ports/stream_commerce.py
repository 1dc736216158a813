from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, slots=True)
class ProductDeals:
    inquiries: int  # conversations opened about the product in the window
    purchases: int  # offers made in the window that were accepted


class StreamCommerce(Protocol):
    """What buyers did about the stream's products while it ran (read from negotiation)."""

    async def deals(
        self, product_ids: Collection[UUID], start: datetime, end: datetime
    ) -> dict[UUID, ProductDeals]: ...
