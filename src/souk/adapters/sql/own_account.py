"""``GET /users/me`` in one statement: the user's row and, outer-joined on the primary key,
their payout account (``payout_*`` columns), for the readers of both dialects."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection

from souk.adapters.sql.payments import payout_account_of
from souk.adapters.sql.tables import payout_accounts, users
from souk.adapters.sql.user_repository import ENTITY_COLUMNS, to_entity
from souk.application.ports.payout_accounts import PayoutAccount
from souk.domain.accounts.user import User

_PREFIX = "payout_"
# Built once, like SELECT_USER_BY_ID.
SELECT_OWN_ACCOUNT = (
    select(*ENTITY_COLUMNS, *(c.label(_PREFIX + c.name) for c in payout_accounts.c))
    .select_from(users.outerjoin(payout_accounts, payout_accounts.c.user_id == users.c.id))
    .where(users.c.id == bindparam("user_id"))
)


def own_account_of(row: Any) -> tuple[User, PayoutAccount | None]:
    return to_entity(row), payout_account_of(row, _PREFIX)


async def fetch_own_account(conn: AsyncConnection, user_id: UUID) -> tuple[User, PayoutAccount | None] | None:
    row = (await conn.execute(SELECT_OWN_ACCOUNT, {"user_id": user_id})).mappings().one_or_none()
    return own_account_of(row) if row else None
