from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from souk.adapters.sql.tables import oidc_identities, oidc_nonces
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.oidc_identity_repository import OidcIdentityRepository
from souk.domain.accounts.oidc import OidcProvider

_i = oidc_identities.c
_n = oidc_nonces.c


class SqlOidcIdentityRepository(OidcIdentityRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def user_for(self, provider: OidcProvider, subject: str) -> UUID | None:
        conn = await self._uow.connection()
        query = select(_i.user_id).where(_i.provider == provider.value, _i.subject == subject)
        found: UUID | None = (await conn.execute(query)).scalar_one_or_none()
        return found

    async def link(self, provider: OidcProvider, subject: str, user_id: UUID, now: datetime) -> None:
        conn = await self._uow.connection()
        values = {"provider": provider.value, "subject": subject, "user_id": user_id, "created_at": now}
        await conn.execute(insert(oidc_identities).values(**values))

    async def claim_nonce(self, key: str, expires_at: datetime, now: datetime) -> bool:
        conn = await self._uow.connection()
        await conn.execute(delete(oidc_nonces).where(_n.expires_at < now))
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(oidc_nonces).values(key=key, expires_at=expires_at).on_conflict_do_nothing()
        return bool((await conn.execute(statement)).rowcount)
