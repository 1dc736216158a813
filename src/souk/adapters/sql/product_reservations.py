from __future__ import annotations

from sqlalchemy import bindparam, update

from souk.adapters.sql.tables import products
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.product_reservations import ProductReservations
from souk.domain.catalog.product import Product, ProductStatus


class SqlProductReservations(ProductReservations):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def reserve(self, product: Product) -> bool:
        conn = await self._uow.connection()
        values = {
            "product_id": product.id,
            "status": product.status.value,
            "accepted_offer_id": product.accepted_offer_id,
            "updated_at": product.updated_at,
        }
        result = await conn.execute(_RESERVE, values)  # SET from the values' column keys
        return result.rowcount == 1


# Built once: a conditional update, only while the product is still available.
_RESERVE = update(products).where(
    products.c.id == bindparam("product_id"), products.c.status == ProductStatus.AVAILABLE.value
)
