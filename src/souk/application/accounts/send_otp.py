from __future__ import annotations

import logging
from dataclasses import dataclass

from souk.application.accounts.otp_settings import OtpKey
from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.ports.clock import Clock
from souk.application.ports.otp_repository import OtpRepository
from souk.application.ports.rate_limiter import RateLimiter
from souk.application.ports.sms_sender import SmsSender
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.domain.accounts.otp import OtpChallenge, OtpPurpose
from souk.domain.accounts.values import PhoneNumber

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SendOtpCommand:
    phone: str
    purpose: OtpPurpose
    client_ip: str


class SendOtp:
    """Send a code when it can serve its purpose; always answer the same, so nobody learns
    which numbers have accounts."""

    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        otps: OtpRepository,
        sms: SmsSender,
        limiter: RateLimiter,
        rules: AuthRateRules,
        clock: Clock,
        key: OtpKey,
    ) -> None:
        self._uow = uow
        self._users = users
        self._otps = otps
        self._sms = sms
        self._limiter = limiter
        self._rules = rules
        self._clock = clock
        self._key = key

    async def __call__(self, cmd: SendOtpCommand) -> None:
        phone = PhoneNumber.parse(cmd.phone)
        await self._limiter.hit(self._rules.otp_send_per_ip, cmd.client_ip)
        await self._limiter.hit(self._rules.otp_send_per_phone, phone.value)
        await self._limiter.hit(self._rules.otp_send_per_phone_hourly, phone.value)

        user = await self._users.find_by_login(phone)
        if user is None or (cmd.purpose is OtpPurpose.VERIFY_PHONE and user.phone_verified):
            return
        now = self._clock.now()
        await self._otps.close_open(phone, cmd.purpose, now)
        challenge, code = OtpChallenge.issue(phone, cmd.purpose, now, self._key.value)
        await self._otps.add(challenge)
        await self._uow.commit()
        try:
            await self._sms.send(phone, f"Your Souk code is {code}. It expires in 5 minutes.")
        except Exception:  # the code is stored; the user can ask again once the window allows
            log.exception("otp.sms_failed", extra={"purpose": cmd.purpose.value})
