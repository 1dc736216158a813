from __future__ import annotations

from typing import Protocol

from souk.domain.accounts.oidc import IdClaims, OidcProvider


class IdTokenVerifier(Protocol):
    async def verify(self, provider: OidcProvider, id_token: str) -> IdClaims:
        """Check the token's signature against the provider's keys (JWKS, cached, fetched
        again when a new key id appears), its issuer, audience (our client ids) and expiry.
        Raises OidcTokenInvalid; OidcProviderNotConfigured when the provider is not set up
        here; OidcUnavailable when its keys cannot be fetched."""
        ...
