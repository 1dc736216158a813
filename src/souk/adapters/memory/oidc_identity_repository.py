from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.oidc_identity_repository import OidcIdentityRepository
from souk.domain.accounts.oidc import OidcProvider


class InMemoryOidcIdentityRepository(OidcIdentityRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._identities: dict[tuple[str, str], UUID] = uow.store.table("oidc_identities")
        self._nonces: dict[str, datetime] = uow.store.table("oidc_nonces")

    async def user_for(self, provider: OidcProvider, subject: str) -> UUID | None:
        return self._identities.get((provider.value, subject))

    async def link(self, provider: OidcProvider, subject: str, user_id: UUID, now: datetime) -> None:
        key = (provider.value, subject)
        if key in self._identities:
            raise ValueError("identity already linked")  # the primary key, as in SQL
        self._uow.before_write()
        self._identities[key] = user_id

    async def claim_nonce(self, key: str, expires_at: datetime, now: datetime) -> bool:
        self._uow.before_write()
        for old in [k for k, until in self._nonces.items() if until < now]:
            del self._nonces[old]
        if key in self._nonces:
            return False
        self._nonces[key] = expires_at
        return True
