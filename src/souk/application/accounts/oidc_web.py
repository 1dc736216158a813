"""Social sign-in for web clients: the authorization-code flow with PKCE (RFC 7636).

``StartWebSignIn`` makes a state, a nonce and a code verifier, keeps them on the server
(ten minutes, by a digest of the state) and answers the provider URL to send the browser
to; ``FinishWebSignIn`` takes them back once with the state the provider returned,
exchanges the code with the verifier, and signs in with the ID token exactly as the
native flow does (OidcSignIn: same checks, same linking rules)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from souk.application.accounts.oidc_sign_in import OidcResult, OidcSignIn, OidcSignInCommand
from souk.application.accounts.sessions import SignInClient
from souk.application.ports.oidc_code_exchange import AuthorizationRequest, OidcCodeExchange
from souk.application.ports.oidc_web_logins import OidcWebLogins, PendingWebLogin
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.accounts.errors import OidcTokenInvalid
from souk.domain.accounts.oidc import OidcProvider
from souk.domain.shared.errors import InvalidInput

WEB_LOGIN_TTL = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class WebRedirectUris:
    """Where providers may send browsers back to (exact matches)."""

    allowed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WebSignInStart:
    authorization_url: str
    state: str


def _state_key(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


class StartWebSignIn:
    def __init__(
        self,
        uow: UnitOfWork,
        logins: OidcWebLogins,
        provider_api: OidcCodeExchange,
        redirects: WebRedirectUris,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._logins = logins
        self._provider_api = provider_api
        self._redirects = redirects
        self._clock = clock

    async def __call__(self, provider: OidcProvider, redirect_uri: str) -> WebSignInStart:
        if redirect_uri not in self._redirects.allowed:
            raise InvalidInput("This redirect_uri is not one Souk's web sign-in may return to.", field="redirect_uri")
        state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
        request = AuthorizationRequest(redirect_uri, state, nonce, verifier)
        url = await self._provider_api.authorization_url(provider, request)
        pending = PendingWebLogin(provider, verifier, nonce, redirect_uri, self._clock.now() + WEB_LOGIN_TTL)
        await self._logins.put(_state_key(state), pending)
        await self._uow.commit()
        return WebSignInStart(url, state)


@dataclass(frozen=True, slots=True)
class FinishWebSignInCommand:
    provider: OidcProvider
    code: str
    state: str
    client: SignInClient
    link_login: str | None = None
    link_password: str | None = None


class FinishWebSignIn:
    def __init__(
        self,
        uow: UnitOfWork,
        logins: OidcWebLogins,
        provider_api: OidcCodeExchange,
        sign_in: OidcSignIn,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._logins = logins
        self._provider_api = provider_api
        self._sign_in = sign_in
        self._clock = clock

    async def __call__(self, cmd: FinishWebSignInCommand) -> OidcResult:
        pending = await self._logins.take(_state_key(cmd.state), self._clock.now())
        if pending is None or pending.provider is not cmd.provider:
            raise OidcTokenInvalid("Unknown, used or expired sign-in state; start again.")
        await self._uow.commit()  # the state is spent whatever follows
        api = self._provider_api
        id_token = await api.exchange(cmd.provider, cmd.code, pending.redirect_uri, pending.code_verifier)
        command = OidcSignInCommand(
            cmd.provider, id_token, pending.nonce, cmd.client, cmd.link_login, cmd.link_password
        )
        return await self._sign_in(command)
