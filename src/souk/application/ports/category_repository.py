from __future__ import annotations

from typing import Protocol

from souk.domain.catalog.category import Category


class CategoryRepository(Protocol):
    async def all(self) -> list[Category]:
        """Every category; they change only with migrations, so adapters may cache."""
        ...
