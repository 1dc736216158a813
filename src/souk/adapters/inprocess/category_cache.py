from __future__ import annotations

import time

from souk.application.ports.category_cache import CategoryCache
from souk.domain.catalog.category import Category


class InProcessCategoryCache(CategoryCache):
    """The embedded deployment's cache: one process, so a field with an expiry is enough."""

    def __init__(self, ttl_seconds: float = 300.0) -> None:
        self._ttl = ttl_seconds
        self._value: list[Category] | None = None
        self._expires = 0.0

    async def get(self) -> list[Category] | None:
        return list(self._value) if self._value is not None and time.monotonic() < self._expires else None

    async def put(self, categories: list[Category]) -> None:
        self._value = list(categories)
        self._expires = time.monotonic() + self._ttl
