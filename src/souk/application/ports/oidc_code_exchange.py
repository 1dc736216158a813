from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from souk.domain.accounts.oidc import OidcProvider


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    redirect_uri: str
    state: str
    nonce: str
    code_verifier: str  # kept on the server; only its S256 challenge goes to the browser


class OidcCodeExchange(Protocol):
    """The web flow's two legs with the provider (authorization code + PKCE, RFC 7636)."""

    async def authorization_url(self, provider: OidcProvider, request: AuthorizationRequest) -> str:
        """Where the browser goes to sign in (the provider's authorization endpoint)."""
        ...

    async def exchange(self, provider: OidcProvider, code: str, redirect_uri: str, code_verifier: str) -> str:
        """The ID token for an authorization code (the token endpoint). Raises
        OidcTokenInvalid when the provider refuses the code, OidcUnavailable when it is
        not configured for the web or unreachable."""
        ...
