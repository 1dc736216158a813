from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.accounts.oidc import OidcProvider


class OidcIdentityRepository(Protocol):
    async def user_for(self, provider: OidcProvider, subject: str) -> UUID | None: ...

    async def link(self, provider: OidcProvider, subject: str, user_id: UUID, now: datetime) -> None: ...

    async def claim_nonce(self, key: str, expires_at: datetime, now: datetime) -> bool:
        """Remember a used nonce until ``expires_at``; ``False`` if it was already used."""
        ...
