from __future__ import annotations

from uuid import UUID

from sqlalchemy import bindparam, select

from souk.adapters.sql.negotiation_rows import offer_of
from souk.adapters.sql.product_rows import PRODUCT_COLUMNS, product_of
from souk.adapters.sql.tables import offers, products, users
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.acceptances import Acceptance, Acceptances
from souk.domain.accounts.values import SellerTier

_PREFIX = "offer__"
# Built once. FOR UPDATE OF locks the rows in the FROM order: the product, then the offer
# (SQLite ignores it: BEGIN IMMEDIATE already serialises writers).
_LOCK = (
    select(
        *PRODUCT_COLUMNS,
        *(c.label(_PREFIX + c.name) for c in offers.c),
        users.c.seller_tier.label("offer_seller_tier"),
    )
    .select_from(
        products.join(offers, offers.c.product_id == products.c.id).join(users, users.c.id == offers.c.seller_id)
    )
    .where(offers.c.id == bindparam("offer_id"))
    .with_for_update(of=[products, offers])
)


class SqlAcceptances(Acceptances):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def lock(self, offer_id: UUID) -> Acceptance | None:
        conn = await self._uow.connection()
        row = (await conn.execute(_LOCK, {"offer_id": offer_id})).mappings().one_or_none()
        if row is None:
            return None
        offer = offer_of({k.removeprefix(_PREFIX): v for k, v in row.items() if k.startswith(_PREFIX)})
        return Acceptance(offer, product_of(row), SellerTier(row["offer_seller_tier"]))
