from __future__ import annotations

import segno
from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, delete, post
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from souk.application.accounts.two_factor import ConfirmTotp, DisableTotp, EnrolTotp
from souk.application.accounts.verify_mfa import VerifyMfa, VerifyMfaCommand
from souk.entrypoints.http.identity import ClientAddress, Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.auth import AuthOut
from souk.entrypoints.http.schemas.two_factor import (
    BackupCodesOut,
    MfaVerifyBody,
    TotpCodeBody,
    TotpDisableBody,
    TotpEnrolmentOut,
)


class TwoFactorController(Controller):
    path = "/api/v1/auth/mfa"
    tags = ["auth"]

    @post(
        "/totp/enroll",
        status_code=HTTP_200_OK,
        security=BEARER,
        summary="Start two-factor sign-in: a new authenticator secret and its QR code",
        description="Nothing changes until `/auth/mfa/totp/confirm` gets a first code; enrolling again "
        "before that replaces the secret. 409 `mfa_already_enabled` when it is on (turn it off first).",
    )
    @inject
    async def enroll(self, use_case: FromDishka[EnrolTotp], me: FromDishka[Identity]) -> TotpEnrolmentOut:
        enrolment = await use_case(me.user_id)
        qr_svg = segno.make(enrolment.otpauth_uri, error="m").svg_inline(scale=4)
        return TotpEnrolmentOut(enrolment.secret, enrolment.otpauth_uri, qr_svg)

    @post(
        "/totp/confirm",
        status_code=HTTP_200_OK,
        security=BEARER,
        summary="Turn two-factor sign-in on with a first code; answers ten backup codes, once",
        description="400 `mfa_code_invalid` for a wrong code (10 wrong codes per 15 min, then 429); 409 "
        "`mfa_not_enrolled` before enrolling. You get a `two_factor_changed` notification and an email.",
    )
    @inject
    async def confirm(
        self, data: JSONBody[TotpCodeBody], use_case: FromDishka[ConfirmTotp], me: FromDishka[Identity]
    ) -> BackupCodesOut:
        return BackupCodesOut(await use_case(me.user_id, data.code))

    @post(
        "/verify",
        status_code=HTTP_200_OK,
        summary="Complete a login with a two-factor code",
        description="`code`: the authenticator's current 6-digit code (each accepted once) or one of the "
        "backup codes (each works once). 400 `mfa_code_invalid` (10 wrong codes per account in 15 min, then "
        "429); 401 `mfa_token_invalid` for an expired (5 min) or forged `mfa_token`.",
    )
    @inject
    async def verify(
        self, data: JSONBody[MfaVerifyBody], use_case: FromDishka[VerifyMfa], client: FromDishka[ClientAddress]
    ) -> AuthOut:
        return AuthOut.of(await use_case(VerifyMfaCommand(data.mfa_token, data.code, client.ip)))

    @delete(
        "/totp",
        status_code=HTTP_204_NO_CONTENT,
        security=BEARER,
        summary="Turn two-factor sign-in off (password and a code)",
        description="400 `wrong_password` or `mfa_code_invalid`; 409 `mfa_not_enrolled` when it is off. "
        "You get a `two_factor_changed` notification and an email.",
    )
    @inject
    async def disable(
        self, data: JSONBody[TotpDisableBody], use_case: FromDishka[DisableTotp], me: FromDishka[Identity]
    ) -> None:
        await use_case(me.user_id, data.password, data.code)
