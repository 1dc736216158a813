from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import BindParameter, and_, bindparam, case, literal, update

from souk.adapters.sql.tables import products
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.room_stock import RoomStock
from souk.domain.catalog.product import ProductStatus


class SqlRoomStock(RoomStock):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def take(self, product_id: UUID, quantity: int, now: datetime) -> int | None:
        conn = await self._uow.connection()
        params = {"product_id": product_id, "units": quantity, "now": now}
        row = (await conn.execute(_TAKE, params)).first()
        return None if row is None else int(row[0])


# Built once. One conditional UPDATE is the guard: concurrent takers of the same row queue
# on its lock (PostgreSQL re-checks the WHERE on the row the winner wrote; SQLite
# serialises writers), so the stock never goes below zero. The last unit makes it sold.
_UNITS: BindParameter[int] = bindparam("units")
_TAKE = (
    update(products)
    .where(
        and_(
            products.c.id == bindparam("product_id"),
            products.c.status == ProductStatus.AVAILABLE.value,
            products.c.taken_down_at.is_(None),
            products.c.quantity >= _UNITS,
        )
    )
    .values(
        quantity=products.c.quantity - _UNITS,
        status=case((products.c.quantity == _UNITS, literal(ProductStatus.SOLD.value)), else_=products.c.status),
        updated_at=bindparam("now"),
    )
    .returning(products.c.quantity)
)
