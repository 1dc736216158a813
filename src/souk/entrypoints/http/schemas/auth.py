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


class PasswordResetBody(Body):
    phone: Phone


class PasswordResetConfirmBody(Body):
    phone: Phone
    code: Annotated[str, msgspec.Meta(max_length=12)]
    new_password: Password


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
    """`tokens` only for purpose `login`."""

    user: UserOut
    tokens: TokensOut | None = None


class TokensEnvelope(msgspec.Struct):
    tokens: TokensOut


class AcceptedOut(msgspec.Struct):
    status: str = "accepted"
    detail: str = "If the number can receive a code for this purpose, one is on its way."
