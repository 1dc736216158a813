from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from souk.application.accounts.oidc_sign_in import OidcResult
from souk.entrypoints.http.schemas.auth import DeviceName, PlatformName, TokensOut
from souk.entrypoints.http.schemas.common import Body
from souk.entrypoints.http.schemas.users import UserOut

ProviderName = Literal["google", "apple"]


class OidcSignInBody(Body):
    """The provider's ID token and the nonce the client generated for it; `link_login` and
    `link_password` prove an existing Souk account to link (after a `link_required`)."""

    id_token: Annotated[str, msgspec.Meta(min_length=1, max_length=8192)]
    nonce: Annotated[str, msgspec.Meta(min_length=16, max_length=256)]
    device_name: DeviceName | None = None
    platform: PlatformName | None = None
    link_login: Annotated[str, msgspec.Meta(min_length=1, max_length=254)] | None = None
    link_password: Annotated[str, msgspec.Meta(min_length=1, max_length=256)] | None = None


class WebSignInBody(Body):
    """Where the provider should send the browser back (one of `SOUK_OIDC_WEB_REDIRECT_URIS`)."""

    redirect_uri: Annotated[str, msgspec.Meta(min_length=1, max_length=2048)]


class WebSignInStartOut(msgspec.Struct):
    """Send the browser to `authorization_url`; the provider returns `code` and this `state`."""

    authorization_url: str
    state: str


class WebCallbackBody(Body):
    """What the provider returned to the redirect URI; `link_login`/`link_password` as for native sign-in."""

    code: Annotated[str, msgspec.Meta(min_length=1, max_length=2048)]
    state: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
    device_name: DeviceName | None = None
    platform: PlatformName | None = None
    link_login: Annotated[str, msgspec.Meta(min_length=1, max_length=254)] | None = None
    link_password: Annotated[str, msgspec.Meta(min_length=1, max_length=256)] | None = None


class OidcSignInOut(msgspec.Struct):
    """Signed in; `created`: this sign-in made a new account (its username is a suggestion, editable)."""

    user: UserOut
    tokens: TokensOut
    created: bool

    @classmethod
    def of(cls, result: OidcResult) -> OidcSignInOut:
        assert result.auth.tokens is not None
        return cls(UserOut.of(result.auth.user), TokensOut.of(result.auth.tokens), result.created)
