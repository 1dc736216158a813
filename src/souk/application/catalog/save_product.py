from __future__ import annotations

from uuid import UUID

from souk.application.ports.engagement_repository import SaveRepository
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.catalog.errors import ProductNotFound
from souk.domain.catalog.product import ProductStatus


class SaveProduct:
    """Idempotent: saving twice counts once."""

    def __init__(self, uow: UnitOfWork, products: ProductRepository, saves: SaveRepository, clock: Clock) -> None:
        self._uow = uow
        self._products = products
        self._saves = saves
        self._clock = clock

    async def __call__(self, user_id: UUID, product_id: UUID) -> None:
        product = await self._products.get(product_id)
        if product is None or (product.status is ProductStatus.ARCHIVED and product.seller_id != user_id):
            raise ProductNotFound()
        await self._saves.save(user_id, product_id, self._clock.now())
        await self._uow.commit()
