from __future__ import annotations

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, post
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from souk.application.accounts.confirm_password_reset import ConfirmPasswordReset, ConfirmPasswordResetCommand
from souk.application.accounts.email_password_reset import (
    EmailResetCommand,
    RequestPasswordResetEmail,
    ResetPasswordByEmail,
)
from souk.application.accounts.email_verification import SendEmailVerification, VerifyEmail, VerifyEmailLink
from souk.application.accounts.login import Login, LoginCommand
from souk.application.accounts.logout import Logout
from souk.application.accounts.refresh_session import RefreshSession
from souk.application.accounts.register_user import RegisterCommand, RegisterUser
from souk.application.accounts.send_otp import SendOtp, SendOtpCommand
from souk.application.accounts.verify_otp import VerifyOtp, VerifyOtpCommand
from souk.domain.accounts.otp import OtpPurpose
from souk.domain.shared.errors import InvalidInput
from souk.entrypoints.http.identity import ClientAddress, Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.auth import (
    AcceptedOut,
    AuthOut,
    EmailCodeBody,
    EmailLinkBody,
    LoginBody,
    OtpSendBody,
    OtpVerifyBody,
    OtpVerifyOut,
    PasswordResetBody,
    PasswordResetConfirmBody,
    RefreshBody,
    RegisterBody,
    TokensEnvelope,
    TokensOut,
    UserEnvelope,
)
from souk.entrypoints.http.schemas.two_factor import MfaRequiredOut
from souk.entrypoints.http.schemas.users import UserOut


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post(
        "/register",
        summary="Create an account (phone and/or email) and open a session",
        description="400 `invalid_phone` for a number no numbering plan has, `weak_password` for a "
        "password that is common or easy to guess (also from the account's own username, name, email).",
    )
    @inject
    async def register(
        self, data: JSONBody[RegisterBody], use_case: FromDishka[RegisterUser], client: FromDishka[ClientAddress]
    ) -> AuthOut:
        result = await use_case(
            RegisterCommand(
                data.username,
                data.display_name,
                data.password,
                data.phone,
                data.email,
                client.ip,
                data.device_name,
                data.platform,
            )
        )
        return AuthOut.of(result)

    @post(
        "/login",
        status_code=HTTP_200_OK,
        summary="Log in with phone, email or username",
        description="Wrong passwords stop the address that sends them (429 after 10 per account in 15 "
        "min) and slow later attempts on the account from anywhere; they never lock the owner out. "
        "`device_name` and `platform` name the session in `GET /auth/sessions`; a sign-in from a device "
        "the account has not used before sends its owner a `new_device_sign_in` notification. With "
        "two-factor sign-in on, the answer is `{mfa_required: true, mfa_token}` instead: post the token "
        "with a code to `/auth/mfa/verify`.",
    )
    @inject
    async def login(
        self, data: JSONBody[LoginBody], use_case: FromDishka[Login], client: FromDishka[ClientAddress]
    ) -> AuthOut | MfaRequiredOut:
        command = LoginCommand(data.login, data.password, client.ip, data.device_name, data.platform)
        result = await use_case(command)
        if result.mfa_token is not None:
            return MfaRequiredOut(result.mfa_token)
        return AuthOut.of(result)

    @post(
        "/otp/send",
        status_code=HTTP_202_ACCEPTED,
        summary="Send a 6-digit code by SMS",
        description="202 whether or not the number has an account, in the same time (no enumeration): "
        "the text goes out after the answer. Limited per phone (1/min, 5/h) and per client address. "
        "400 `invalid_phone` for a number no numbering plan has; 503 `sms_unavailable` when the "
        "deployment has no SMS provider.",
    )
    @inject
    async def send_otp(
        self, data: JSONBody[OtpSendBody], use_case: FromDishka[SendOtp], client: FromDishka[ClientAddress]
    ) -> AcceptedOut:
        await use_case(SendOtpCommand(data.phone, OtpPurpose(data.purpose), client.ip))
        return AcceptedOut()

    @post(
        "/otp/verify",
        status_code=HTTP_200_OK,
        summary="Check a code",
        description="`verify_phone` → `{user}`; `login` → `{user, tokens}`, or `{mfa_required: true, mfa_token}` "
        "when two-factor sign-in is on (complete with `/auth/mfa/verify`); `reset_password` → `{user}` "
        "without spending the code (the confirm step spends it). Five wrong codes lock the challenge.",
    )
    @inject
    async def verify_otp(
        self, data: JSONBody[OtpVerifyBody], use_case: FromDishka[VerifyOtp], client: FromDishka[ClientAddress]
    ) -> OtpVerifyOut:
        result = await use_case(VerifyOtpCommand(data.phone, data.code, OtpPurpose(data.purpose), client.ip))
        tokens = TokensOut.of(result.tokens) if result.tokens else None
        if result.mfa_token is not None:
            return OtpVerifyOut(mfa_required=True, mfa_token=result.mfa_token)
        return OtpVerifyOut(UserOut.of(result.user), tokens)

    @post(
        "/refresh",
        status_code=HTTP_200_OK,
        summary="Rotate a refresh token",
        description="Single use. Presenting a spent token answers 401 `refresh_token_reused` and "
        "revokes its whole family.",
    )
    @inject
    async def refresh(self, data: JSONBody[RefreshBody], use_case: FromDishka[RefreshSession]) -> TokensEnvelope:
        return TokensEnvelope(TokensOut.of(await use_case(data.refresh_token)))

    @post(
        "/logout",
        status_code=HTTP_204_NO_CONTENT,
        security=BEARER,
        summary="End this session (idempotent)",
        description="Ends the session of the access token (and the refresh token's, if it is yours): "
        "its access tokens answer 401 `session_ended` and its sockets close with 4401 on every server "
        "within a second.",
    )
    @inject
    async def logout(self, data: JSONBody[RefreshBody], use_case: FromDishka[Logout], me: FromDishka[Identity]) -> None:
        await use_case(me.user_id, me.session_id, data.refresh_token)

    @post("/password/reset", status_code=HTTP_202_ACCEPTED, summary="Send a password-reset code by SMS or email")
    @inject
    async def reset_password(
        self,
        data: JSONBody[PasswordResetBody],
        by_sms: FromDishka[SendOtp],
        by_email: FromDishka[RequestPasswordResetEmail],
        client: FromDishka[ClientAddress],
    ) -> AcceptedOut:
        """`phone`: texts a 6-digit code to the number if it belongs to an account. `email`: mails a 6-digit
        code and a link (`<SOUK_MAIL_LINK_BASE>/reset-password#token=…`) to the address if it belongs to an
        account, phone or not. The answer is the same 202, in the same time, whether or not it does (no
        enumeration). Limited per phone or address and per client address; 503 `sms_unavailable` /
        `mail_unavailable` when the deployment cannot send."""
        if (data.phone is None) == (data.email is None):
            raise InvalidInput("Give either a phone number or an email address.", field="phone")
        if data.email is not None:
            await by_email(data.email, client.ip)
            return AcceptedOut(detail="If the address belongs to an account, a code and a link are on their way.")
        assert data.phone is not None
        await by_sms(SendOtpCommand(data.phone, OtpPurpose.RESET_PASSWORD, client.ip))
        return AcceptedOut()

    @post(
        "/password/reset/confirm",
        status_code=HTTP_204_NO_CONTENT,
        summary="Set a new password with the code; every session of the user ends",
        description="Every access token of the user answers 401 `session_ended` and every socket "
        "closes with 4401, on every server within a second.",
    )
    @inject
    async def confirm_reset(
        self,
        data: JSONBody[PasswordResetConfirmBody],
        use_case: FromDishka[ConfirmPasswordReset],
        by_email: FromDishka[ResetPasswordByEmail],
        client: FromDishka[ClientAddress],
    ) -> None:
        """`phone` + `code` (the texted code), `email` + `code` (the mailed code) or `token` (from the
        mailed link). 400 `otp_invalid`, `otp_expired`, `otp_locked` for a wrong, old or over-tried code."""
        if data.phone is not None and data.email is None and data.token is None:
            await use_case(ConfirmPasswordResetCommand(data.phone, data.code or "", data.new_password, client.ip))
            return
        if data.phone is not None:
            raise InvalidInput("Give a phone number or an email address (or a link token), not both.", field="phone")
        await by_email(EmailResetCommand(data.new_password, client.ip, data.email, data.code, data.token))

    @post(
        "/email/verify/send",
        status_code=HTTP_202_ACCEPTED,
        security=BEARER,
        summary="Mail a code and a link that prove your email address",
        description="400 `no_email` without an address, 409 `email_already_verified`; 1 mail a minute and 5 "
        "an hour per address (429); 503 `mail_unavailable` when the deployment sends no mail. The link is "
        "`<SOUK_MAIL_LINK_BASE>/verify-email#token=…`: its page posts the token to `/auth/email/verify/link`.",
    )
    @inject
    async def send_email_verification(
        self, use_case: FromDishka[SendEmailVerification], me: FromDishka[Identity]
    ) -> AcceptedOut:
        await use_case(me.user_id)
        return AcceptedOut(detail="A code and a link are on their way to your email address.")

    @post(
        "/email/verify",
        status_code=HTTP_200_OK,
        security=BEARER,
        summary="Prove your email address with the mailed code",
        description="400 `otp_invalid`, `otp_expired` or `otp_locked` (five wrong codes); the code works once.",
    )
    @inject
    async def verify_email(
        self,
        data: JSONBody[EmailCodeBody],
        use_case: FromDishka[VerifyEmail],
        me: FromDishka[Identity],
        client: FromDishka[ClientAddress],
    ) -> UserEnvelope:
        return UserEnvelope(UserOut.of(await use_case(me.user_id, data.code, client.ip)))

    @post(
        "/email/verify/link",
        status_code=HTTP_200_OK,
        summary="Prove an email address with the mailed link's token",
        description="No sign-in needed: the token is the proof. 400 `otp_invalid` for an unknown or used "
        "token, `otp_expired` after 30 minutes.",
    )
    @inject
    async def verify_email_link(
        self, data: JSONBody[EmailLinkBody], use_case: FromDishka[VerifyEmailLink], client: FromDishka[ClientAddress]
    ) -> UserEnvelope:
        return UserEnvelope(UserOut.of(await use_case(data.token, client.ip)))
