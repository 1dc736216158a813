from __future__ import annotations

from typing import Annotated

import msgspec

from souk.entrypoints.http.schemas.common import Body

MfaCode = Annotated[
    str,
    msgspec.Meta(
        min_length=1, max_length=32, description="A 6-digit authenticator code or a backup code", examples=["492039"]
    ),
]


class TotpEnrolmentOut(msgspec.Struct):
    """A new authenticator secret: type `secret` or scan `qr_svg` (the `otpauth_uri` as a QR code)."""

    secret: str
    otpauth_uri: str
    qr_svg: str


class TotpCodeBody(Body):
    """The first 6-digit code the authenticator shows for the new secret."""

    code: Annotated[str, msgspec.Meta(min_length=6, max_length=6, pattern="^[0-9]{6}$", examples=["492039"])]


class BackupCodesOut(msgspec.Struct):
    """Ten single-use codes for when the authenticator is lost: shown this once, kept only as digests."""

    backup_codes: list[str]


class MfaVerifyBody(Body):
    """The `mfa_token` the login answered and a code from the authenticator (or a backup code)."""

    mfa_token: Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
    code: MfaCode


class TotpDisableBody(Body):
    """Both proofs: the password and a current code (or a backup code)."""

    password: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
    code: MfaCode


class MfaRequiredOut(msgspec.Struct):
    """The password was right and two-factor sign-in is on: post `mfa_token` (good for 5 minutes) with a
    code to `/auth/mfa/verify`."""

    mfa_token: str
    mfa_required: bool = True
