from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import Select, bindparam, select, update

from souk.adapters.sql.negotiation_rows import before_key, insert_unless_clash, offer_of, offer_row
from souk.adapters.sql.read_session import SqlSession
from souk.adapters.sql.tables import OPEN_OFFER, offers
from souk.application.ports.offer_repository import OfferRepository
from souk.application.shared.cursors import SortKey
from souk.domain.negotiation.errors import OpenOfferExists
from souk.domain.negotiation.offer import OPEN_STATUSES, Offer

OPEN = [s.value for s in OPEN_STATUSES]
# Built once: the values travel as parameters (no statement building per call).
_BY_ID = select(offers).where(offers.c.id == bindparam("offer_id"))
_BY_ID_LOCKED = _BY_ID.with_for_update()
_UPDATE = update(offers).where(offers.c.id == bindparam("offer_id"))


class SqlOfferRepository(OfferRepository):
    def __init__(self, uow: SqlSession) -> None:
        self._uow = uow

    async def add(self, offer: Offer) -> None:
        conn = await self._uow.connection()
        # uq_offers_open_buyer_product: one open negotiation per buyer and product
        if not await insert_unless_clash(conn, offers, offer_row(offer), ("buyer_id", "product_id"), OPEN_OFFER):
            raise OpenOfferExists()

    async def get(self, offer_id: UUID) -> Offer | None:
        conn = await self._uow.connection()
        row = (await conn.execute(_BY_ID, {"offer_id": offer_id})).mappings().one_or_none()
        return offer_of(row) if row else None

    async def get_for_update(self, offer_id: UUID) -> Offer | None:
        conn = await self._uow.connection()
        row = (await conn.execute(_BY_ID_LOCKED, {"offer_id": offer_id})).mappings().one_or_none()
        return offer_of(row) if row else None

    async def save(self, offer: Offer) -> None:
        conn = await self._uow.connection()
        row = {k: v for k, v in offer_row(offer).items() if k != "id"}
        await conn.execute(_UPDATE, {**row, "offer_id": offer.id})  # SET from the row's keys

    async def open_on_product(self, product_id: UUID) -> Sequence[Offer]:
        conn = await self._uow.connection()
        query = (
            select(offers)
            .where(offers.c.product_id == product_id, offers.c.status.in_(OPEN))
            .order_by(offers.c.id)
            .with_for_update()
        )
        return [offer_of(r) for r in (await conn.execute(query)).mappings()]

    async def overdue(self, now: datetime, limit: int) -> Sequence[UUID]:
        conn = await self._uow.connection()
        query = (
            select(offers.c.id)
            .where(offers.c.status.in_(OPEN), offers.c.expires_at <= now)
            .order_by(offers.c.expires_at)
            .limit(limit)
        )
        return list((await conn.execute(query)).scalars())

    async def of_user(
        self, user_id: UUID, role: str | None, status: str | None, after: SortKey | None, limit: int
    ) -> list[Offer]:
        if role == "buyer":
            query = select(offers).where(offers.c.buyer_id == user_id)
        elif role == "seller":
            query = select(offers).where(offers.c.seller_id == user_id)
        else:
            query = select(offers).where((offers.c.buyer_id == user_id) | (offers.c.seller_id == user_id))
        if status is not None:
            query = query.where(offers.c.status == status)
        return await self._page(query, after, limit)

    async def of_product(self, product_id: UUID, after: SortKey | None, limit: int) -> list[Offer]:
        return await self._page(select(offers).where(offers.c.product_id == product_id), after, limit)

    async def recent_on_product(self, product_id: UUID, limit: int) -> Sequence[Offer]:
        return await self._page(select(offers).where(offers.c.product_id == product_id), None, limit)

    async def _page(self, query: Select, after: SortKey | None, limit: int) -> list[Offer]:  # type: ignore[type-arg]
        conn = await self._uow.connection()
        condition = before_key(offers.c.created_at, offers.c.id, after)
        if condition is not None:
            query = query.where(condition)
        query = query.order_by(offers.c.created_at.desc(), offers.c.id.desc()).limit(limit)
        return [offer_of(r) for r in (await conn.execute(query)).mappings()]
