from __future__ import annotations

from souk.application.ports.category_cache import CategoryCache
from souk.application.ports.category_repository import CategoryRepository
from souk.domain.catalog.category import Category


class CachedCategoryRepository(CategoryRepository):
    """Read-through: categories change only with migrations, so a few minutes' staleness is fine."""

    def __init__(self, source: CategoryRepository, cache: CategoryCache) -> None:
        self._source = source
        self._cache = cache

    async def all(self) -> list[Category]:
        cached = await self._cache.get()
        if cached is not None:
            return cached
        categories = await self._source.all()
        await self._cache.put(categories)
        return categories
