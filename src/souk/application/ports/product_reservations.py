from __future__ import annotations

from typing import Protocol

from souk.domain.catalog.product import Product


class ProductReservations(Protocol):
    async def reserve(self, product: Product) -> bool:
        """Write a reservation the domain just made, only if the stored product is still
        available (a conditional update); ``False`` when someone else got there first."""
        ...
