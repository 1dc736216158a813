from __future__ import annotations

from uuid import UUID

from sqlalchemy import bindparam, select

from souk.adapters.sql.tables import offers
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.offer_history import OfferHistory


class SqlOfferHistory(OfferHistory):
    """Read in the editing transaction, after the product row is locked: an offer being made
    locks the same row first, so the answer cannot go stale before the edit commits."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def has_offers(self, product_id: UUID) -> bool:
        conn = await self._uow.connection()
        return (await conn.execute(_ANY_OFFER, {"product_id": product_id})).first() is not None


_ANY_OFFER = select(offers.c.id).where(offers.c.product_id == bindparam("product_id")).limit(1)
