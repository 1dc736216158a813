from __future__ import annotations

from dataclasses import dataclass

from souk.application.accounts.deliver_otp import deliver_otp_job
from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.ports.local_job_queue import LocalJobQueue
from souk.application.ports.rate_limiter import RateLimiter
from souk.application.ports.sms_sender import SmsSender
from souk.application.shared.clock import Clock
from souk.domain.accounts.errors import SmsUnavailable
from souk.domain.accounts.otp import OtpPurpose
from souk.domain.accounts.values import PhoneNumber


@dataclass(frozen=True, slots=True)
class SendOtpCommand:
    phone: str
    purpose: OtpPurpose
    client_ip: str


class SendOtp:
    """Accept a request for a code and queue it; whether a code can serve its purpose is
    decided after the answer (DeliverOtp), so the answer and its timing are the same for
    numbers with and without an account."""

    def __init__(
        self, sms: SmsSender, jobs: LocalJobQueue, limiter: RateLimiter, rules: AuthRateRules, clock: Clock
    ) -> None:
        self._sms = sms
        self._clock = clock
        self._jobs = jobs
        self._limiter = limiter
        self._rules = rules

    async def __call__(self, cmd: SendOtpCommand) -> None:
        phone = PhoneNumber.parse(cmd.phone)
        if not self._sms.available:
            raise SmsUnavailable()
        await self._limiter.hit(self._rules.otp_send_per_ip, cmd.client_ip)
        await self._limiter.hit(self._rules.otp_send_per_phone, phone.value)
        await self._limiter.hit(self._rules.otp_send_per_phone_hourly, phone.value)
        await self._jobs.enqueue(deliver_otp_job(phone, cmd.purpose, self._clock.now()))
