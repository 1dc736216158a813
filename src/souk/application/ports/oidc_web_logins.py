from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from souk.domain.accounts.oidc import OidcProvider


@dataclass(frozen=True, slots=True)
class PendingWebLogin:
    provider: OidcProvider
    code_verifier: str
    nonce: str
    redirect_uri: str
    expires_at: datetime


class OidcWebLogins(Protocol):
    """Web sign-ins between the redirect to the provider and its return, by a digest of
    their ``state``; each is taken once."""

    async def put(self, state_key: str, login: PendingWebLogin) -> None: ...

    async def take(self, state_key: str, now: datetime) -> PendingWebLogin | None:
        """The pending login, removed in the same step; ``None`` when unknown, taken or expired."""
        ...
