"""ID tokens verified against each provider's published keys (``joserfc``, the JOSE
library of the authlib project).

For each configured provider the discovery document (``<issuer>/.well-known/openid-
configuration``) names the JWKS; keys are cached for ``keys_ttl`` and fetched again at
once when a token names a key id the cache lacks (the provider rotated its keys), at
most once per ``refetch_gap`` so forged key ids cannot make us hammer the provider."""

from __future__ import annotations

import asyncio
import base64
import json
import time
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from authlib.common.errors import AuthlibBaseError as OAuthError

with warnings.catch_warnings():
    # authlib 1.9 announces, on import, a move of its httpx integration to "httpx2"; the
    # client works as it is, and every `souk` command would otherwise print the notice.
    # (Its deprecation module turns its warnings to "always" when first imported, so the
    # filter goes in after that import.)
    import authlib.deprecate  # noqa: F401 (imported for its side effect, see above)

    warnings.filterwarnings("ignore", message="The httpx module is deprecated")
    from authlib.integrations.httpx_client import AsyncOAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from souk.application.ports.id_token_verifier import IdTokenVerifier
from souk.application.ports.oidc_code_exchange import AuthorizationRequest, OidcCodeExchange
from souk.application.shared.clock import Clock
from souk.domain.accounts.errors import OidcProviderNotConfigured, OidcTokenInvalid, OidcUnavailable
from souk.domain.accounts.oidc import IdClaims, OidcProvider

ALGORITHMS = ["RS256", "ES256"]
LEEWAY_S = 30


@dataclass(frozen=True, slots=True)
class ProviderSettings:
    issuer: str  # as in the tokens' `iss`; the discovery document lives under it
    client_ids: tuple[str, ...]  # accepted audiences: our iOS, Android and web client ids
    also_issuers: tuple[str, ...] = ()  # Google also writes `accounts.google.com` without a scheme
    web_client_id: str | None = None  # the web flow (authorization code + PKCE); None: off
    web_client_secret: str | None = None


@dataclass
class _Keys:
    keys: KeySet | None = None
    fetched_at: float = 0.0
    discovery: dict[str, Any] | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class JwksIdTokenVerifier(IdTokenVerifier, OidcCodeExchange):
    def __init__(
        self,
        providers: dict[OidcProvider, ProviderSettings],
        clock: Clock,
        http: httpx.AsyncClient | None = None,
        keys_ttl_s: float = 3600.0,
        refetch_gap_s: float = 1.0,
    ) -> None:
        self._providers = providers
        self._clock = clock
        self._http = http or httpx.AsyncClient(timeout=10)
        self._keys_ttl_s = keys_ttl_s
        self._refetch_gap_s = refetch_gap_s
        self._cache: dict[OidcProvider, _Keys] = {p: _Keys() for p in providers}

    async def aclose(self) -> None:
        await self._http.aclose()

    async def verify(self, provider: OidcProvider, id_token: str) -> IdClaims:
        settings = self._providers.get(provider)
        audiences_ok = (
            (*settings.client_ids, *([settings.web_client_id] if settings.web_client_id else [])) if settings else ()
        )
        if settings is None or not audiences_ok:
            raise OidcProviderNotConfigured()
        keys = await self._keys(provider, settings, need_kid=_kid(id_token))
        try:
            token = jwt.decode(id_token, keys, algorithms=ALGORITHMS)
        except JoseError as exc:
            raise OidcTokenInvalid(f"The ID token's signature does not check out ({exc.error}).") from None
        claims = token.claims
        now = int(self._clock.now().timestamp())
        if claims.get("iss") not in (settings.issuer, *settings.also_issuers):
            raise OidcTokenInvalid("The ID token comes from another issuer.")
        audiences = claims.get("aud")
        audiences = [audiences] if isinstance(audiences, str) else list(audiences or [])
        if not set(audiences) & set(audiences_ok):
            raise OidcTokenInvalid("The ID token was issued to another application (audience).")
        expires = claims.get("exp")
        if not isinstance(expires, int | float) or expires + LEEWAY_S <= now:
            raise OidcTokenInvalid("The ID token has expired.")
        issued = claims.get("iat")
        if isinstance(issued, int | float) and issued - LEEWAY_S > now:
            raise OidcTokenInvalid("The ID token was issued in the future.")
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject:
            raise OidcTokenInvalid("The ID token names no subject.")
        return IdClaims(
            provider=provider,
            subject=subject,
            expires_at=datetime.fromtimestamp(float(expires), UTC),
            nonce=_text(claims.get("nonce")),
            email=_text(claims.get("email")),
            email_verified=claims.get("email_verified") in (True, "true"),
            name=_text(claims.get("name")),
        )

    async def _keys(self, provider: OidcProvider, settings: ProviderSettings, need_kid: str | None) -> KeySet:
        cache = self._cache[provider]
        async with cache.lock:
            age = time.monotonic() - cache.fetched_at
            stale = cache.keys is None or age > self._keys_ttl_s
            unknown_kid = need_kid is not None and cache.keys is not None and not _has_kid(cache.keys, need_kid)
            if stale or (unknown_kid and age > self._refetch_gap_s):
                cache.keys = await self._fetch(settings, cache)
                cache.fetched_at = time.monotonic()
            assert cache.keys is not None
            return cache.keys

    async def _fetch(self, settings: ProviderSettings, cache: _Keys) -> KeySet:
        try:
            discovery = await self._discovery(settings, cache)
            jwks = await self._http.get(str(discovery["jwks_uri"]))
            jwks.raise_for_status()
            return KeySet.import_key_set(jwks.json())
        except (httpx.HTTPError, ValueError, KeyError, JoseError):
            raise OidcUnavailable("The sign-in provider's keys cannot be fetched right now; try again.") from None

    async def _discovery(self, settings: ProviderSettings, cache: _Keys) -> dict[str, Any]:
        if cache.discovery is None:
            answer = await self._http.get(f"{settings.issuer.rstrip('/')}/.well-known/openid-configuration")
            answer.raise_for_status()
            cache.discovery = dict(answer.json())
        return cache.discovery

    def _web(self, provider: OidcProvider) -> ProviderSettings:
        settings = self._providers.get(provider)
        if settings is None or not settings.web_client_id:
            raise OidcProviderNotConfigured("Web sign-in with this provider is not set up on this server.")
        return settings

    async def authorization_url(self, provider: OidcProvider, request: AuthorizationRequest) -> str:
        settings = self._web(provider)
        endpoint = await self._endpoint(provider, settings, "authorization_endpoint")
        async with self._oauth_client(settings, request.redirect_uri) as client:
            url, _ = client.create_authorization_url(
                endpoint, state=request.state, nonce=request.nonce, code_verifier=request.code_verifier
            )
        return str(url)

    async def exchange(self, provider: OidcProvider, code: str, redirect_uri: str, code_verifier: str) -> str:
        settings = self._web(provider)
        endpoint = await self._endpoint(provider, settings, "token_endpoint")
        async with self._oauth_client(settings, redirect_uri) as client:
            try:
                token = await client.fetch_token(endpoint, code=code, code_verifier=code_verifier)
            except OAuthError:
                raise OidcTokenInvalid("The provider refused the authorization code.") from None
            except httpx.HTTPError:
                raise OidcUnavailable() from None
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise OidcTokenInvalid("The provider answered no ID token.")
        return id_token

    def _oauth_client(self, settings: ProviderSettings, redirect_uri: str) -> AsyncOAuth2Client:
        """authlib's OAuth 2 client: builds the authorization URL with the S256 challenge and
        redeems the code with the verifier (client_secret_post when there is a secret)."""
        return AsyncOAuth2Client(
            client_id=settings.web_client_id,
            client_secret=settings.web_client_secret,
            redirect_uri=redirect_uri,
            scope="openid email profile",
            code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_post" if settings.web_client_secret else "none",
            timeout=10,
        )

    async def _endpoint(self, provider: OidcProvider, settings: ProviderSettings, name: str) -> str:
        try:
            return str((await self._discovery(settings, self._cache[provider]))[name])
        except (httpx.HTTPError, ValueError, KeyError):
            raise OidcUnavailable() from None


def _kid(id_token: str) -> str | None:
    """The key id the token's header names (read before any check: only to pick keys)."""
    segment = id_token.partition(".")[0]
    try:
        header: Any = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except ValueError:
        return None
    kid = header.get("kid") if isinstance(header, dict) else None
    return kid if isinstance(kid, str) else None


def _has_kid(keys: KeySet, kid: str) -> bool:
    return any(key.kid == kid for key in keys.keys)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
