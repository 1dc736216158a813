from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, insert, select, update

from souk.adapters.sql.product_rows import product_row
from souk.adapters.sql.tables import products, users
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.adapters.sql.user_repository import _to_row as user_row
from souk.application.ports.demo_loader import DemoLoader
from souk.domain.accounts.user import User
from souk.domain.catalog.product import Product, ProductStatus
from souk.domain.shared.public_point import PublicPoints


class SqlDemoLoader(DemoLoader):
    """COPY on PostgreSQL (a million products in about a minute), executemany on SQLite."""

    def __init__(self, uow: SqlUnitOfWork, places: PublicPoints) -> None:
        self._uow = uow
        self._places = places

    async def load_users(self, batch: list[User]) -> None:
        rows = [
            {
                **user_row(u, self._places),
                "followers_count": 0,
                "following_count": 0,
                "listings_count": 0,
                "sold_count": 0,
            }
            for u in batch
        ]
        await self._load("users", rows)

    async def load_products(self, batch: list[Product]) -> None:
        await self._load("products", [product_row(p, self._places) for p in batch])

    async def recount(self) -> None:
        """One aggregate over products joined to users (a correlated count per user would be
        planned before the fresh rows have statistics, and scan the table once per seller)."""
        conn = await self._uow.connection()
        if conn.dialect.name == "postgresql":
            await conn.exec_driver_sql("ANALYZE products")
        on_sale = [ProductStatus.AVAILABLE.value, ProductStatus.RESERVED.value]
        totals = (
            select(
                products.c.seller_id,
                func.sum(case((products.c.status.in_(on_sale), 1), else_=0)).label("listings"),
                func.sum(case((products.c.status == ProductStatus.SOLD.value, 1), else_=0)).label("sold"),
            )
            .group_by(products.c.seller_id)
            .subquery()
        )
        await conn.execute(
            update(users)
            .where(users.c.id == totals.c.seller_id)
            .values(listings_count=totals.c.listings, sold_count=totals.c.sold)
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
