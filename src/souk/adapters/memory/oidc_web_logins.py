from __future__ import annotations

from datetime import datetime

from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.oidc_web_logins import OidcWebLogins, PendingWebLogin


class InMemoryOidcWebLogins(OidcWebLogins):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._pending: dict[str, PendingWebLogin] = uow.store.table("oidc_web_logins")

    async def put(self, state_key: str, login: PendingWebLogin) -> None:
        self._uow.before_write()
        self._pending[state_key] = login

    async def take(self, state_key: str, now: datetime) -> PendingWebLogin | None:
        self._uow.before_write()
        for key in [k for k, p in self._pending.items() if p.expires_at < now]:
            del self._pending[key]
        return self._pending.pop(state_key, None)
