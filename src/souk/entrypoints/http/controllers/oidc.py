from __future__ import annotations

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK

from souk.application.accounts.oidc_sign_in import OidcResult, OidcSignIn, OidcSignInCommand
from souk.application.accounts.oidc_web import FinishWebSignIn, FinishWebSignInCommand, StartWebSignIn
from souk.application.accounts.sessions import SignInClient
from souk.domain.accounts.oidc import OidcProvider
from souk.entrypoints.http.identity import ClientAddress
from souk.entrypoints.http.schemas.oidc import (
    OidcSignInBody,
    OidcSignInOut,
    ProviderName,
    WebCallbackBody,
    WebSignInBody,
    WebSignInStartOut,
)
from souk.entrypoints.http.schemas.two_factor import MfaRequiredOut


class OidcController(Controller):
    path = "/api/v1/auth/oidc"
    tags = ["auth"]

    @post(
        "/{provider:str}",
        status_code=HTTP_200_OK,
        summary="Sign in with Google or Apple (an ID token from the native SDK)",
        description="The ID token is checked against the provider's published keys (cached, re-read when "
        "they rotate), its issuer, audience (our client ids), expiry and the `nonce` (or its SHA-256, as "
        "Apple's native flow sends); a nonce works once (401 `oidc_nonce_reused`), anything else wrong is "
        "401 `oidc_token_invalid`. A provider account already linked signs in; a first one creates an account "
        "(`created: true`) unless a Souk account has the token's email: then 409 `link_required`, and the "
        "same token with `link_login` + `link_password` links it (an email match alone never links). With "
        "two-factor sign-in on: `{mfa_required, mfa_token}`. 404 `oidc_provider_not_configured` when the "
        "provider is not set up here; 503 `oidc_unavailable` when its keys cannot be read.",
    )
    @inject
    async def sign_in(
        self,
        provider: FromPath[ProviderName],
        data: JSONBody[OidcSignInBody],
        use_case: FromDishka[OidcSignIn],
        client: FromDishka[ClientAddress],
    ) -> OidcSignInOut | MfaRequiredOut:
        command = OidcSignInCommand(
            OidcProvider(provider),
            data.id_token,
            data.nonce,
            SignInClient(client.ip, data.device_name, data.platform),
            data.link_login,
            data.link_password,
        )
        return _answer(await use_case(command))

    @post(
        "/{provider:str}/authorize",
        status_code=HTTP_200_OK,
        summary="Web sign-in with Google or Apple, step 1: the provider URL (authorization code + PKCE)",
        description="The server keeps the PKCE verifier and the nonce (10 minutes) and answers where to send "
        "the browser. 400 for a `redirect_uri` not in `SOUK_OIDC_WEB_REDIRECT_URIS`; 404 "
        "`oidc_provider_not_configured` when the web flow is not set up for the provider.",
    )
    @inject
    async def authorize(
        self, provider: FromPath[ProviderName], data: JSONBody[WebSignInBody], use_case: FromDishka[StartWebSignIn]
    ) -> WebSignInStartOut:
        start = await use_case(OidcProvider(provider), data.redirect_uri)
        return WebSignInStartOut(start.authorization_url, start.state)

    @post(
        "/{provider:str}/callback",
        status_code=HTTP_200_OK,
        summary="Web sign-in, step 2: the provider's `code` and `state`",
        description="The state works once (401 `oidc_token_invalid` when unknown, used or older than 10 "
        "minutes); the code is exchanged with the verifier and the ID token checked as for native sign-in, "
        "with the same answers (`created`, 409 `link_required`, `mfa_required`).",
    )
    @inject
    async def callback(
        self,
        provider: FromPath[ProviderName],
        data: JSONBody[WebCallbackBody],
        use_case: FromDishka[FinishWebSignIn],
        client: FromDishka[ClientAddress],
    ) -> OidcSignInOut | MfaRequiredOut:
        command = FinishWebSignInCommand(
            OidcProvider(provider),
            data.code,
            data.state,
            SignInClient(client.ip, data.device_name, data.platform),
            data.link_login,
            data.link_password,
        )
        return _answer(await use_case(command))


def _answer(result: OidcResult) -> OidcSignInOut | MfaRequiredOut:
    if result.auth.mfa_token is not None:
        return MfaRequiredOut(result.auth.mfa_token)
    return OidcSignInOut.of(result)
