from __future__ import annotations

from typing import Protocol

from souk.domain.accounts.user import User
from souk.domain.catalog.product import Product


class DemoLoader(Protocol):
    """Bulk writes for demo and benchmark data: fast, not one use case per row."""

    async def load_users(self, users: list[User]) -> None: ...

    async def load_products(self, products: list[Product]) -> None: ...

    async def recount(self) -> None:
        """Recomputes every seller's listing counters from the products."""
        ...
