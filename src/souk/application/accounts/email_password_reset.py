"""Password reset by email, for accounts with or without a phone. Asking answers the same
202, in the same time, whether or not the address has an account: the mail is issued by a
job after the answer (as SMS codes are)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from souk.application.accounts.email_codes import EmailCodes
from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.accounts.revoked_sessions import RevokedSessions, end_sessions
from souk.application.events import EventRecorder
from souk.application.ports.job_queue import JobPayload, JobRequest
from souk.application.ports.local_job_queue import LocalJobQueue
from souk.application.ports.mail_sender import MailSender
from souk.application.ports.password_hasher import PasswordHasher
from souk.application.ports.rate_limiter import RateLimiter
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.domain.accounts.email_challenge import EmailPurpose
from souk.domain.accounts.errors import MailUnavailable, OtpInvalid
from souk.domain.accounts.password_policy import check_password
from souk.domain.accounts.values import Email
from souk.domain.shared.errors import InvalidInput

DELIVER_RESET_EMAIL_JOB = "accounts.deliver_reset_email"
DELIVERY_DELAY = timedelta(milliseconds=100)  # as for SMS codes: after the answer has gone


def deliver_reset_email_job(email: Email, now: datetime) -> JobRequest:
    return JobRequest(
        DELIVER_RESET_EMAIL_JOB, {"email": email.value}, run_at=now + DELIVERY_DELAY, timeout_s=60, max_attempts=1
    )


class RequestPasswordResetEmail:
    def __init__(
        self, mail: MailSender, jobs: LocalJobQueue, limiter: RateLimiter, rules: AuthRateRules, clock: Clock
    ) -> None:
        self._mail = mail
        self._jobs = jobs
        self._limiter = limiter
        self._rules = rules
        self._clock = clock

    async def __call__(self, raw_email: str, client_ip: str) -> None:
        email = Email.parse(raw_email)
        if not self._mail.available:
            raise MailUnavailable()
        await self._limiter.hit(self._rules.otp_send_per_ip, client_ip)
        await self._limiter.hit(self._rules.email_send_per_address, email.value)
        await self._limiter.hit(self._rules.email_send_per_address_hourly, email.value)
        await self._jobs.enqueue(deliver_reset_email_job(email, self._clock.now()))


class DeliverResetEmail:
    def __init__(self, users: UserRepository, codes: EmailCodes) -> None:
        self._users = users
        self._codes = codes

    async def __call__(self, payload: JobPayload) -> None:
        user = await self._users.find_by_login(Email(str(payload["email"])))
        if user is not None and user.email is not None:
            await self._codes.send(user, EmailPurpose.RESET_PASSWORD)


@dataclass(frozen=True, slots=True)
class EmailResetCommand:
    new_password: str
    client_ip: str
    email: str | None = None
    code: str | None = None
    token: str | None = None  # from the mailed link, instead of email + code


class ResetPasswordByEmail:
    """Set a new password with the mailed code or link; the address is proven by it, and
    every session of the user ends."""

    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        codes: EmailCodes,
        hasher: PasswordHasher,
        refresh_tokens: RefreshTokenRepository,
        limiter: RateLimiter,
        rules: AuthRateRules,
        clock: Clock,
        events: EventRecorder,
        revoked: RevokedSessions,
    ) -> None:
        self._uow = uow
        self._users = users
        self._codes = codes
        self._hasher = hasher
        self._refresh_tokens = refresh_tokens
        self._limiter = limiter
        self._rules = rules
        self._clock = clock
        self._events = events
        self._revoked = revoked

    async def __call__(self, cmd: EmailResetCommand) -> None:
        password = check_password(cmd.new_password, field="new_password")
        await self._limiter.hit(self._rules.otp_verify_per_ip, cmd.client_ip)
        if cmd.token:
            challenge = await self._codes.redeem_link(cmd.token, EmailPurpose.RESET_PASSWORD)
        elif cmd.email and cmd.code:
            email = Email.parse(cmd.email)
            challenge = await self._codes.redeem_code(email.value, EmailPurpose.RESET_PASSWORD, cmd.code)
        else:
            raise InvalidInput("Give the mailed link's token, or the email address and its code.", field="code")
        user = await self._users.get(challenge.user_id)
        if user is None:
            raise OtpInvalid()
        now = self._clock.now()
        if not user.verify_email(challenge.email, now):
            raise OtpInvalid()  # the account's address changed since the mail went out
        user.set_password_hash(await self._hasher.hash(password), now)
        await self._users.save(user)
        ended = await self._refresh_tokens.revoke_all_for_user(user.id, now)
        await end_sessions(self._uow, self._events, self._revoked, user.id, ended, "password_reset", now)
