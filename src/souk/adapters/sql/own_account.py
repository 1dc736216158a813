"""``GET /users/me`` in one statement: the user's row and, outer-joined on primary keys, their
payout account (``payout_*`` columns) and their avatar's media (``avatar_*``), for the readers
of both dialects."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection

from souk.adapters.sql.media_repository import to_entity as to_media
from souk.adapters.sql.payments import payout_account_of
from souk.adapters.sql.tables import media, payout_accounts, users
from souk.adapters.sql.user_repository import ENTITY_COLUMNS, to_entity
from souk.application.ports.user_reader import OwnAccount

_PAYOUT, _AVATAR = "payout_", "avatar_"
# Built once, like SELECT_USER_BY_ID.
SELECT_OWN_ACCOUNT = (
    select(
        *ENTITY_COLUMNS,
        *(c.label(_PAYOUT + c.name) for c in payout_accounts.c),
        *(c.label(_AVATAR + c.name) for c in media.c),
    )
    .select_from(
        users.outerjoin(payout_accounts, payout_accounts.c.user_id == users.c.id).outerjoin(
            media, media.c.id == users.c.avatar_media_id
        )
    )
    .where(users.c.id == bindparam("user_id"))
)


def own_account_of(row: Any) -> OwnAccount:
    avatar = None
    if row[_AVATAR + "id"] is not None:
        avatar = to_media({c.name: row[_AVATAR + c.name] for c in media.c})
    return OwnAccount(to_entity(row), payout_account_of(row, _PAYOUT), avatar)


async def fetch_own_account(conn: AsyncConnection, user_id: UUID) -> OwnAccount | None:
    row = (await conn.execute(SELECT_OWN_ACCOUNT, {"user_id": user_id})).mappings().one_or_none()
    return own_account_of(row) if row else None
