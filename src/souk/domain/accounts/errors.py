"""Errors of accounts and authentication, each with its stable code."""

from __future__ import annotations

from souk.domain.shared.errors import Conflict, InvalidInput, NotFound, Unauthenticated, Unavailable


class UsernameTaken(Conflict):
    code = "username_taken"
    default_detail = "That username is already taken."


class EmailTaken(Conflict):
    code = "email_taken"
    default_detail = "An account with that email already exists."


class PhoneTaken(Conflict):
    code = "phone_taken"
    default_detail = "An account with that phone number already exists."


class InvalidCredentials(Unauthenticated):
    code = "invalid_credentials"
    default_detail = "The login or password is wrong."


class InvalidToken(Unauthenticated):
    code = "invalid_token"
    default_detail = "The token is missing, malformed, expired or revoked."


class RefreshTokenReused(Unauthenticated):
    code = "refresh_token_reused"
    default_detail = "This refresh token was already used; every session of its family is revoked."


class OtpInvalid(InvalidInput):
    code = "otp_invalid"
    default_detail = "The code is wrong or no code was requested."


class OtpExpired(InvalidInput):
    code = "otp_expired"
    default_detail = "The code has expired; request a new one."


class OtpLocked(InvalidInput):
    code = "otp_locked"
    default_detail = "Too many wrong codes; request a new one."


class UserNotFound(NotFound):
    code = "user_not_found"
    default_detail = "No such user."


class PhoneNotVerified(InvalidInput):
    code = "phone_not_verified"
    default_detail = "The phone number is not verified."


class SmsUnavailable(Unavailable):
    code = "sms_unavailable"
    default_detail = "Text messages cannot be sent right now; sign in with your password or try again later."


class SessionEnded(InvalidToken):
    code = "session_ended"
    default_detail = "This session has ended (logout, logout-all or a password reset); log in again."


class SessionNotFound(NotFound):
    code = "session_not_found"
    default_detail = "No such session of yours, or it has already ended."


class WrongPassword(InvalidInput):
    code = "wrong_password"
    default_detail = "The current password is wrong."


class MailUnavailable(Unavailable):
    code = "mail_unavailable"
    default_detail = "Email cannot be sent right now; try again later."


class NoEmail(InvalidInput):
    code = "no_email"
    default_detail = "Your account has no email address."


class EmailAlreadyVerified(Conflict):
    code = "email_already_verified"
    default_detail = "Your email address is already verified."


class MfaCodeInvalid(InvalidInput):
    code = "mfa_code_invalid"
    default_detail = "The code is wrong, expired or already used."


class MfaAlreadyEnabled(Conflict):
    code = "mfa_already_enabled"
    default_detail = "Two-factor sign-in is already on; turn it off first to enrol again."


class MfaNotEnrolled(Conflict):
    code = "mfa_not_enrolled"
    default_detail = "Two-factor sign-in is not set up for this account (enrol first)."


class MfaTokenInvalid(Unauthenticated):
    code = "mfa_token_invalid"
    default_detail = "The two-factor sign-in has expired or the token is wrong; log in again."


class OidcTokenInvalid(Unauthenticated):
    code = "oidc_token_invalid"
    default_detail = "The ID token is not valid (signature, issuer, audience, expiry or nonce)."


class OidcNonceReused(Unauthenticated):
    code = "oidc_nonce_reused"
    default_detail = "This ID token and nonce were already used; sign in with the provider again."


class OidcLinkRequired(Conflict):
    code = "link_required"
    default_detail = (
        "A Souk account already uses this email address. Prove it is yours (send `link_login` and "
        "`link_password` with the same ID token) to link it; an email match alone never links."
    )


class OidcUnavailable(Unavailable):
    code = "oidc_unavailable"
    default_detail = "The sign-in provider cannot be reached right now; try again."


class OidcProviderNotConfigured(NotFound):
    code = "oidc_provider_not_configured"
    default_detail = "Sign-in with this provider is not set up on this server."
