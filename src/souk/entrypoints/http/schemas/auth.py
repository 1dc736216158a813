from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from souk.application.accounts.results import AuthResult, TokenPair
from souk.domain.accounts.device_session import DEVICE_NAME_MAX
from souk.domain.accounts.password_policy import PASSWORD_MAX, PASSWORD_MIN
from souk.entrypoints.http.schemas.common import Body
from souk.entrypoints.http.schemas.users import UserOut

Password = Annotated[str, msgspec.Meta(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)]
Phone = Annotated[str, msgspec.Meta(max_length=32, examples=["+14155550123"])]
OtpPurposeName = Literal["verify_phone", "login", "reset_password"]
DeviceName = Annotated[
    str,
    msgspec.Meta(
        max_length=DEVICE_NAME_MAX,
        description="How this device appears in your session list",
        examples=["Amira's iPhone"],
    ),
]
PlatformName = Literal["ios", "android", "web", "desktop", "other"]


class RegisterBody(Body):
    password: Password
    display_name: Annotated[str, msgspec.Meta(min_length=1, max_length=50)]
    username: Annotated[str, msgspec.Meta(min_length=3, max_length=30)]
    phone: Phone | None = None
    email: Annotated[str, msgspec.Meta(max_length=254)] | None = None
    device_name: DeviceName | None = None
    platform: PlatformName | None = None


class LoginBody(Body):
    login: Annotated[str, msgspec.Meta(min_length=1, max_length=254, description="Phone, email or username")]
    password: Annotated[str, msgspec.Meta(max_length=PASSWORD_MAX)]
    device_name: DeviceName | None = None
    platform: PlatformName | None = None


class OtpSendBody(Body):
    phone: Phone
    purpose: OtpPurposeName


class OtpVerifyBody(Body):
    phone: Phone
    code: Annotated[str, msgspec.Meta(max_length=12)]
    purpose: OtpPurposeName


class RefreshBody(Body):
    refresh_token: Annotated[str, msgspec.Meta(min_length=1, max_length=512)]


EmailAddress = Annotated[str, msgspec.Meta(max_length=254, examples=["amira@example.com"])]
Code = Annotated[str, msgspec.Meta(max_length=12)]
LinkToken = Annotated[str, msgspec.Meta(min_length=1, max_length=128, description="The `#token=` of a mailed link")]


class PasswordResetBody(Body):
    """`phone` (a code by SMS) or `email` (a code and a link by email)."""

    phone: Phone | None = None
    email: EmailAddress | None = None


class PasswordResetConfirmBody(Body):
    """`phone` + `code` (SMS), `email` + `code` or `token` (the mailed link's), with `new_password`."""

    new_password: Password
    phone: Phone | None = None
    email: EmailAddress | None = None
    code: Code | None = None
    token: LinkToken | None = None


class EmailCodeBody(Body):
    """The 6-digit code from the verification mail."""

    code: Code


class EmailLinkBody(Body):
    """The token from the verification mail's link (`#token=…`)."""

    token: LinkToken


class UserEnvelope(msgspec.Struct):
    """Your account, now with its email address verified."""

    user: UserOut


class TokensOut(msgspec.Struct):
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "bearer"

    @classmethod
    def of(cls, pair: TokenPair) -> TokensOut:
        return cls(pair.access_token, pair.refresh_token, pair.expires_in)


class AuthOut(msgspec.Struct):
    user: UserOut
    tokens: TokensOut

    @classmethod
    def of(cls, result: AuthResult) -> AuthOut:
        assert result.tokens is not None
        return cls(UserOut.of(result.user), TokensOut.of(result.tokens))


class OtpVerifyOut(msgspec.Struct, omit_defaults=True):
    """`tokens` only for purpose `login`; with two-factor sign-in on, only `mfa_required` and
    `mfa_token` (complete with `/auth/mfa/verify`): a texted code alone shows nothing of the
    account, as a password alone does not."""

    user: UserOut | None = None
    tokens: TokensOut | None = None
    mfa_required: bool = False
    mfa_token: str | None = None


class TokensEnvelope(msgspec.Struct):
    tokens: TokensOut


class AcceptedOut(msgspec.Struct):
    status: str = "accepted"
    detail: str = "If the number can receive a code for this purpose, one is on its way."
