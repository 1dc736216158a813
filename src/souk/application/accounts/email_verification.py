"""Proving an email address: a code (typed in the app, signed in) or a link (clicked)."""

from __future__ import annotations

from uuid import UUID

from souk.application.accounts.email_codes import EmailCodes
from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.ports.mail_sender import MailSender
from souk.application.ports.rate_limiter import RateLimiter
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.domain.accounts.email_challenge import EmailChallenge, EmailPurpose
from souk.domain.accounts.errors import EmailAlreadyVerified, MailUnavailable, NoEmail, OtpInvalid, UserNotFound
from souk.domain.accounts.user import User


class SendEmailVerification:
    def __init__(
        self,
        users: UserRepository,
        codes: EmailCodes,
        mail: MailSender,
        limiter: RateLimiter,
        rules: AuthRateRules,
    ) -> None:
        self._users = users
        self._codes = codes
        self._mail = mail
        self._limiter = limiter
        self._rules = rules

    async def __call__(self, user_id: UUID) -> None:
        user = await self._users.get(user_id)
        if user is None:
            raise UserNotFound()
        if user.email is None:
            raise NoEmail()
        if user.email_verified:
            raise EmailAlreadyVerified()
        if not self._mail.available:
            raise MailUnavailable()
        await self._limiter.hit(self._rules.email_send_per_address, user.email.value)
        await self._limiter.hit(self._rules.email_send_per_address_hourly, user.email.value)
        await self._codes.send(user, EmailPurpose.VERIFY_EMAIL)


class _EmailProof:
    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        codes: EmailCodes,
        limiter: RateLimiter,
        rules: AuthRateRules,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._users = users
        self._codes = codes
        self._limiter = limiter
        self._rules = rules
        self._clock = clock

    async def _verify(self, user: User, challenge: EmailChallenge) -> User:
        if not user.verify_email(challenge.email, self._clock.now()):
            raise OtpInvalid()  # the account's address changed since the mail went out
        await self._users.save(user)
        await self._uow.commit()
        return user


class VerifyEmail(_EmailProof):
    """With the mailed code, signed in as the address's owner."""

    async def __call__(self, user_id: UUID, code: str, client_ip: str) -> User:
        await self._limiter.hit(self._rules.otp_verify_per_ip, client_ip)
        user = await self._users.get(user_id)
        if user is None or user.email is None:
            raise OtpInvalid()
        challenge = await self._codes.redeem_code(user.email.value, EmailPurpose.VERIFY_EMAIL, code)
        return await self._verify(user, challenge)


class VerifyEmailLink(_EmailProof):
    """With the token of the mailed link (no sign-in needed: the token is the proof)."""

    async def __call__(self, token: str, client_ip: str) -> User:
        await self._limiter.hit(self._rules.otp_verify_per_ip, client_ip)
        challenge = await self._codes.redeem_link(token, EmailPurpose.VERIFY_EMAIL)
        user = await self._users.get(challenge.user_id)
        if user is None:
            raise OtpInvalid()
        return await self._verify(user, challenge)
