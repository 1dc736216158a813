from __future__ import annotations

from sqlalchemy import select

from souk.adapters.sql.tables import categories
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.category_repository import CategoryRepository
from souk.domain.catalog.category import Category


class SqlCategoryRepository(CategoryRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def all(self) -> list[Category]:
        conn = await self._uow.connection()
        rows = (await conn.execute(select(categories))).mappings()
        return [Category(r["id"], r["name"], r["slug"], r["parent_id"], r["position"]) for r in rows]
