from __future__ import annotations

from uuid import UUID

from sqlalchemy import bindparam, insert, select, update

from souk.adapters.sql.product_rows import COUNTERS, PRODUCT_COLUMNS, product_of, product_row
from souk.adapters.sql.tables import products
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.product_repository import ProductRepository
from souk.domain.catalog.product import Product
from souk.domain.shared.public_point import PublicPoints


class SqlProductRepository(ProductRepository):
    def __init__(self, uow: SqlUnitOfWork, places: PublicPoints) -> None:
        self._uow = uow
        self._places = places

    async def add(self, product: Product) -> None:
        conn = await self._uow.connection()
        await conn.execute(insert(products).values(**product_row(product, self._places)))

    async def get(self, product_id: UUID) -> Product | None:
        return await self._one(product_id, lock=False)

    async def get_for_update(self, product_id: UUID) -> Product | None:
        return await self._one(product_id, lock=True)

    async def save(self, product: Product) -> None:
        conn = await self._uow.connection()
        row = {k: v for k, v in product_row(product, self._places).items() if k != "id" and k not in COUNTERS}
        await conn.execute(update(products).where(products.c.id == product.id).values(**row))

    async def _one(self, product_id: UUID, *, lock: bool) -> Product | None:
        conn = await self._uow.connection()
        query = _BY_ID_LOCKED if lock else _BY_ID
        row = (await conn.execute(query, {"product_id": product_id})).mappings().one_or_none()
        return product_of(row) if row else None


# Built once: the id travels as a parameter. SQLite ignores FOR UPDATE: BEGIN IMMEDIATE
# already serialises writers.
_BY_ID = select(*PRODUCT_COLUMNS).where(products.c.id == bindparam("product_id"))
_BY_ID_LOCKED = _BY_ID.with_for_update()
