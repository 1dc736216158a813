from __future__ import annotations

from souk.adapters.memory.store import InMemoryStore
from souk.application.ports.category_repository import CategoryRepository
from souk.domain.catalog.category import Category
from souk.domain.catalog.default_categories import default_categories


class InMemoryCategoryRepository(CategoryRepository):
    """Starts with the default tree, as the migration gives a real database."""

    def __init__(self, store: InMemoryStore) -> None:
        self._categories: dict[object, Category] = store.table("categories")
        if not self._categories:
            self._categories.update({c.id: c for c in default_categories()})

    async def all(self) -> list[Category]:
        return list(self._categories.values())
