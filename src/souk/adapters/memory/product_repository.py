from __future__ import annotations

from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.product_repository import ProductRepository
from souk.domain.catalog.product import Product


class InMemoryProductRepository(ProductRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._products: dict[UUID, Product] = uow.store.table("products")

    async def add(self, product: Product) -> None:
        self._uow.before_write()
        self._products[product.id] = _fresh(product)

    async def get(self, product_id: UUID) -> Product | None:
        product = self._products.get(product_id)
        return _fresh(product) if product else None

    async def get_for_update(self, product_id: UUID) -> Product | None:
        return await self.get(product_id)

    async def save(self, product: Product) -> None:
        self._uow.before_write()
        stored = self._products[product.id]
        copy = _fresh(product)
        copy.saves_count, copy.likes_count, copy.views_count = (
            stored.saves_count,
            stored.likes_count,
            stored.views_count,
        )
        self._products[product.id] = copy


def _fresh(product: Product) -> Product:
    """A copy as a database row would give it back: no memory of earlier status moves."""
    copy = clone(product)
    copy._previous_counts = None
    return copy
