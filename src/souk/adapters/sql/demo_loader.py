from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, insert, select, update

from souk.adapters.sql.product_rows import product_row
from souk.adapters.sql.tables import products, users
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.adapters.sql.user_repository import _to_row as user_row
from souk.application.ports.demo_loader import DemoLoader
from souk.domain.accounts.user import User
from souk.domain.catalog.product import Product, ProductStatus


class SqlDemoLoader(DemoLoader):
    """COPY on PostgreSQL (a million products in about a minute), executemany on SQLite."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def load_users(self, batch: list[User]) -> None:
        rows = [
            {**user_row(u), "followers_count": 0, "following_count": 0, "listings_count": 0, "sold_count": 0}
            for u in batch
        ]
        await self._load("users", rows)

    async def load_products(self, batch: list[Product]) -> None:
        await self._load("products", [product_row(p) for p in batch])

    async def recount(self) -> None:
        conn = await self._uow.connection()

        def count(*statuses: ProductStatus) -> Any:
            return (
                select(func.count())
                .where(and_(products.c.seller_id == users.c.id, products.c.status.in_([s.value for s in statuses])))
                .scalar_subquery()
            )

        await conn.execute(
            update(users).values(
                listings_count=count(ProductStatus.AVAILABLE, ProductStatus.RESERVED),
                sold_count=count(ProductStatus.SOLD),
            )
        )

    async def _load(self, table_name: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        conn = await self._uow.connection()
        table = users if table_name == "users" else products
        if conn.dialect.name != "postgresql":
            await conn.execute(insert(table), rows)
            return
        raw = await conn.get_raw_connection()
        driver: Any = raw.driver_connection
        columns = list(rows[0])
        records = [tuple(_copy_value(row[c]) for c in columns) for row in rows]
        await driver.copy_records_to_table(table_name, records=records, columns=columns)


def _copy_value(value: Any) -> Any:
    """asyncpg's COPY wants JSON columns as text."""
    if isinstance(value, list | dict):
        import json

        return json.dumps(value)
    return value
