from __future__ import annotations

from souk.application.catalog.category_tree import load_tree
from souk.application.ports.category_repository import CategoryRepository
from souk.domain.catalog.category import CategoryTree


class ListCategories:
    def __init__(self, categories: CategoryRepository) -> None:
        self._categories = categories

    async def __call__(self) -> CategoryTree:
        return await load_tree(self._categories)
