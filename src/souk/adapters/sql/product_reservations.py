from __future__ import annotations

from sqlalchemy import update

from souk.adapters.sql.tables import products
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.product_reservations import ProductReservations
from souk.domain.catalog.product import Product, ProductStatus


class SqlProductReservations(ProductReservations):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def reserve(self, product: Product) -> bool:
        conn = await self._uow.connection()
        result = await conn.execute(
            update(products)
            .where(products.c.id == product.id, products.c.status == ProductStatus.AVAILABLE.value)
            .values(
                status=product.status.value, accepted_offer_id=product.accepted_offer_id, updated_at=product.updated_at
            )
        )
        return result.rowcount == 1
