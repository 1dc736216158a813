"""Turning two-factor sign-in on (enrol, then confirm with a first code) and off (with the
password and a code). Every change is recorded as ``TwoFactorChanged`` (a notification)
and mailed to the account's address."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from uuid import UUID

from souk.application.accounts.mail_texts import two_factor_mail
from souk.application.accounts.mfa_tokens import MfaKey
from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.accounts.second_factor import SecondFactor
from souk.application.events import EventRecorder
from souk.application.ports.mail_sender import MailSender
from souk.application.ports.password_hasher import PasswordHasher
from souk.application.ports.rate_limiter import RateLimiter
from souk.application.ports.totp_repository import TotpRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.domain.accounts.errors import (
    MfaAlreadyEnabled,
    MfaCodeInvalid,
    MfaNotEnrolled,
    UserNotFound,
    WrongPassword,
)
from souk.domain.accounts.events import TwoFactorChanged
from souk.domain.accounts.totp import TotpFactor, backup_digest, new_backup_codes
from souk.domain.accounts.user import User
from souk.domain.shared.errors import RateLimited

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Enrolment:
    secret: str
    otpauth_uri: str


async def _announce(
    events: EventRecorder, uow: UnitOfWork, mail: MailSender, user: User, enabled: bool, clock: Clock
) -> None:
    await events.record(TwoFactorChanged(user.id, enabled, clock.now()))
    await uow.commit()
    await events.publish()
    if user.email is None or not mail.available:
        return
    try:
        await mail.send(two_factor_mail(user.email.value, user.display_name, enabled))
    except Exception:  # the change stands; the notification tells them too
        log.exception("mail.failed", extra={"purpose": "two_factor_changed"})


class EnrolTotp:
    """A new secret for the caller's authenticator (replacing one not yet confirmed)."""

    def __init__(self, uow: UnitOfWork, users: UserRepository, factors: TotpRepository, clock: Clock) -> None:
        self._uow = uow
        self._users = users
        self._factors = factors
        self._clock = clock

    async def __call__(self, user_id: UUID) -> Enrolment:
        user = await self._users.get(user_id)
        if user is None:
            raise UserNotFound()
        existing = await self._factors.get(user_id)
        if existing is not None and existing.enabled:
            raise MfaAlreadyEnabled()
        factor = TotpFactor.enrol(user_id, self._clock.now())
        await self._factors.replace(factor)
        await self._uow.commit()
        return Enrolment(factor.secret, factor.provisioning_uri(user.username.value))


class ConfirmTotp:
    """The first code from the authenticator turns two-factor on; answers the ten backup
    codes, shown this once (only digests are kept)."""

    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        factors: TotpRepository,
        limiter: RateLimiter,
        rules: AuthRateRules,
        clock: Clock,
        key: MfaKey,
        events: EventRecorder,
        mail: MailSender,
    ) -> None:
        self._uow = uow
        self._users = users
        self._factors = factors
        self._limiter = limiter
        self._rules = rules
        self._clock = clock
        self._key = key
        self._events = events
        self._mail = mail

    async def __call__(self, user_id: UUID, code: str) -> list[str]:
        user = await self._users.get(user_id)
        factor = await self._factors.get(user_id)
        if user is None or factor is None:
            raise MfaNotEnrolled()
        if factor.enabled:
            raise MfaAlreadyEnabled()
        account = str(user_id)
        await self._limiter.check(self._rules.mfa_failures_per_account, account)
        now = self._clock.now()
        step = factor.matching_step(code, now)
        if step is None or not await self._factors.claim_step(user_id, step):
            with contextlib.suppress(RateLimited):
                await self._limiter.hit(self._rules.mfa_failures_per_account, account)
            raise MfaCodeInvalid()
        codes = new_backup_codes()
        await self._factors.confirm(user_id, now, [backup_digest(self._key.value, user_id, c) for c in codes])
        await _announce(self._events, self._uow, self._mail, user, True, self._clock)
        return codes


class DisableTotp:
    """Two-factor off, proven twice: the password and a current code (or a backup code)."""

    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        factors: TotpRepository,
        second_factor: SecondFactor,
        hasher: PasswordHasher,
        limiter: RateLimiter,
        rules: AuthRateRules,
        clock: Clock,
        events: EventRecorder,
        mail: MailSender,
    ) -> None:
        self._uow = uow
        self._users = users
        self._factors = factors
        self._second_factor = second_factor
        self._hasher = hasher
        self._limiter = limiter
        self._rules = rules
        self._clock = clock
        self._events = events
        self._mail = mail

    async def __call__(self, user_id: UUID, password: str, code: str) -> None:
        user = await self._users.get(user_id)
        factor = await self._second_factor.enabled_factor(user_id)
        if user is None or factor is None:
            raise MfaNotEnrolled()
        account = str(user_id)
        await self._limiter.check(self._rules.password_checks_per_account, account)
        if not await self._hasher.verify(user.password_hash, password):
            with contextlib.suppress(RateLimited):
                await self._limiter.hit(self._rules.password_checks_per_account, account)
            raise WrongPassword(field="password")
        await self._second_factor.check(factor, code)
        await self._factors.delete(user_id)
        await _announce(self._events, self._uow, self._mail, user, False, self._clock)
