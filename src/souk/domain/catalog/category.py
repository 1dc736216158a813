"""The two-level category tree."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.domain.catalog.errors import UnknownCategory


@dataclass(frozen=True, slots=True)
class Category:
    id: UUID
    name: str
    slug: str
    parent_id: UUID | None
    position: int


@dataclass(frozen=True, slots=True)
class CategoryNode:
    category: Category
    children: tuple[Category, ...]


class CategoryTree:
    def __init__(self, categories: list[Category]) -> None:
        self._by_id = {c.id: c for c in categories}
        ordered = sorted(categories, key=lambda c: (c.position, c.slug))
        self.roots = tuple(
            CategoryNode(root, tuple(c for c in ordered if c.parent_id == root.id))
            for root in ordered
            if root.parent_id is None
        )

    def require(self, category_id: UUID) -> Category:
        category = self._by_id.get(category_id)
        if category is None:
            raise UnknownCategory(field="category_id")
        return category

    def with_descendants(self, category_id: UUID) -> frozenset[UUID]:
        """A parent stands for itself and its children (the tree has two levels)."""
        self.require(category_id)
        return frozenset({category_id, *(c.id for c in self._by_id.values() if c.parent_id == category_id)})
