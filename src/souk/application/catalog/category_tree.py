from __future__ import annotations

from souk.application.ports.category_repository import CategoryRepository
from souk.domain.catalog.category import CategoryTree


async def load_tree(categories: CategoryRepository) -> CategoryTree:
    return CategoryTree(await categories.all())
