from __future__ import annotations

from souk.application.accounts.otp_settings import OtpKey
from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.ports.otp_repository import OtpRepository
from souk.application.ports.rate_limiter import RateLimiter
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.domain.accounts.errors import OtpInvalid, OtpLocked
from souk.domain.accounts.otp import OTP_DIGITS, OTP_MAX_ATTEMPTS, OtpPurpose
from souk.domain.accounts.user import User
from souk.domain.accounts.values import PhoneNumber


class OtpRedeemer:
    """Checks a code against the open challenge, counting every attempt atomically."""

    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        otps: OtpRepository,
        limiter: RateLimiter,
        rules: AuthRateRules,
        clock: Clock,
        key: OtpKey,
    ) -> None:
        self._uow = uow
        self._users = users
        self._otps = otps
        self._limiter = limiter
        self._rules = rules
        self._clock = clock
        self._key = key

    async def redeem(self, phone_raw: str, purpose: OtpPurpose, code: str, client_ip: str, *, consume: bool) -> User:
        """The user the phone belongs to. A wrong code is committed as an attempt, then raised."""
        await self._limiter.hit(self._rules.otp_verify_per_ip, client_ip)
        phone = PhoneNumber.parse(phone_raw)
        now = self._clock.now()
        challenge = await self._otps.latest_open(phone, purpose)
        if challenge is None:
            raise OtpInvalid()
        challenge.ensure_open(now)
        if not await self._otps.claim_attempt(challenge.id, OTP_MAX_ATTEMPTS):
            raise OtpLocked()
        well_formed = len(code) == OTP_DIGITS and code.isdigit()
        if not (well_formed and challenge.matches(code, self._key.value)):
            await self._uow.commit()
            left = challenge.attempts_left - 1
            raise OtpInvalid(f"The code is wrong; {left} attempt(s) left.", attempts_left=left)
        if consume and not await self._otps.consume(challenge.id, now):
            raise OtpInvalid()
        user = await self._users.find_by_login(phone)
        if user is None:
            raise OtpInvalid()
        return user
