from __future__ import annotations

from typing import Protocol
from uuid import UUID

from souk.domain.catalog.product import Product


class ProductRepository(Protocol):
    async def add(self, product: Product) -> None: ...

    async def get(self, product_id: UUID) -> Product | None: ...

    async def get_for_update(self, product_id: UUID) -> Product | None:
        """Like ``get``, but holds the row until the transaction ends (no lost updates)."""
        ...

    async def save(self, product: Product) -> None:
        """Writes the product's fields; never its counters (saves, likes, views)."""
        ...
