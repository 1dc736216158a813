"""Request-scoped facts about the caller, resolved by dishka from the Litestar request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from dishka import Provider, Scope, provide
from litestar import Request

from souk.application.ports.access_tokens import AccessTokens
from souk.entrypoints.bearer import bearer_token
from souk.entrypoints.http.client_ip import TrustedProxies, client_ip


@dataclass(frozen=True, slots=True)
class Identity:
    """The authenticated caller. Asking for it makes a route require a Bearer token."""

    user_id: UUID
    session_id: UUID
    token_expires_at: datetime


@dataclass(frozen=True, slots=True)
class ClientAddress:
    ip: str


class HttpContextProvider(Provider):
    scope = Scope.REQUEST

    @provide
    def identity(self, request: Request, tokens: AccessTokens) -> Identity:  # type: ignore[type-arg]
        claims = tokens.verify(bearer_token(request.headers.get("authorization")))
        return Identity(claims.user_id, claims.session_id, claims.expires_at)

    @provide
    def client_address(self, request: Request, trusted: TrustedProxies) -> ClientAddress:  # type: ignore[type-arg]
        peer = request.client.host if request.client else None
        return ClientAddress(client_ip(peer, request.headers.get("x-forwarded-for"), trusted.networks))
