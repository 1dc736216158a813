from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert

from souk.adapters.sql.tables import oidc_web_logins
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.oidc_web_logins import OidcWebLogins, PendingWebLogin
from souk.domain.accounts.oidc import OidcProvider

_w = oidc_web_logins.c


class SqlOidcWebLogins(OidcWebLogins):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def put(self, state_key: str, login: PendingWebLogin) -> None:
        conn = await self._uow.connection()
        await conn.execute(
            insert(oidc_web_logins).values(
                state_key=state_key,
                provider=login.provider.value,
                code_verifier=login.code_verifier,
                nonce=login.nonce,
                redirect_uri=login.redirect_uri,
                expires_at=login.expires_at,
            )
        )

    async def take(self, state_key: str, now: datetime) -> PendingWebLogin | None:
        conn = await self._uow.connection()
        await conn.execute(delete(oidc_web_logins).where(_w.expires_at < now))
        statement = delete(oidc_web_logins).where(_w.state_key == state_key).returning(*oidc_web_logins.c)
        row = (await conn.execute(statement)).mappings().first()
        if row is None:
            return None
        return PendingWebLogin(
            OidcProvider(row["provider"]), row["code_verifier"], row["nonce"], row["redirect_uri"], row["expires_at"]
        )
