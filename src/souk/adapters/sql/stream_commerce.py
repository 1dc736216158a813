from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select

from souk.adapters.sql.read_session import SqlSession
from souk.adapters.sql.tables import conversations, offers
from souk.application.ports.stream_commerce import ProductDeals, StreamCommerce


class SqlStreamCommerce(StreamCommerce):
    """Reads negotiation's tables: conversations opened about a product in the window
    (inquiries) and offers made in the window that were accepted (purchases)."""

    def __init__(self, uow: SqlSession) -> None:
        self._uow = uow

    async def deals(self, product_ids: Collection[UUID], start: datetime, end: datetime) -> dict[UUID, ProductDeals]:
        ids = list(product_ids)
        if not ids:
            return {}
        conn = await self._uow.connection()
        inquiries: dict[UUID, int] = dict(
            (
                await conn.execute(
                    select(conversations.c.product_id, func.count())
                    .where(
                        conversations.c.product_id.in_(ids),
                        conversations.c.created_at >= start,
                        conversations.c.created_at <= end,
                    )
                    .group_by(conversations.c.product_id)
                )
            ).all()
        )
        purchases: dict[UUID, int] = dict(
            (
                await conn.execute(
                    select(offers.c.product_id, func.count())
                    .where(
                        offers.c.product_id.in_(ids),
                        offers.c.status == "accepted",
                        offers.c.created_at >= start,
                        offers.c.created_at <= end,
                    )
                    .group_by(offers.c.product_id)
                )
            ).all()
        )
        return {p: ProductDeals(int(inquiries.get(p, 0)), int(purchases.get(p, 0))) for p in ids}
