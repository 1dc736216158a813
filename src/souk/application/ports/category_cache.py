from __future__ import annotations

from typing import Protocol

from souk.domain.catalog.category import Category


class CategoryCache(Protocol):
    """Where the category tree is kept between requests (Redis, or the process)."""

    async def get(self) -> list[Category] | None: ...

    async def put(self, categories: list[Category]) -> None: ...
