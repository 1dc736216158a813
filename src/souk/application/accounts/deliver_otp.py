from __future__ import annotations

import logging
from datetime import datetime, timedelta

from souk.application.accounts.otp_settings import OtpKey
from souk.application.ports.job_queue import JobPayload, JobRequest
from souk.application.ports.otp_repository import OtpRepository
from souk.application.ports.sms_sender import SmsSender
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.application.shared.ids import new_id
from souk.domain.accounts.otp import OtpChallenge, OtpPurpose
from souk.domain.accounts.values import PhoneNumber

log = logging.getLogger(__name__)

DELIVER_OTP_JOB = "accounts.deliver_otp"


# The delivery starts this long after it is queued, when the answer has long been written:
# started at once, its extra work for a known number (issue, commit, send) would share the
# event loop with the answer still being sent and make it measurably later.
DELIVERY_DELAY = timedelta(milliseconds=100)


def deliver_otp_job(phone: PhoneNumber, purpose: OtpPurpose, now: datetime) -> JobRequest:
    return JobRequest(
        DELIVER_OTP_JOB,
        {"phone": phone.value, "purpose": purpose.value},
        run_at=now + DELIVERY_DELAY,
        timeout_s=60,
        max_attempts=1,  # a retried send could text a second, different code
    )


class DeliverOtp:
    """After ``SendOtp`` has answered: issue and text a code when it can serve its purpose
    (an account has this phone, and it is not already verified for ``verify_phone``)."""

    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        otps: OtpRepository,
        sms: SmsSender,
        clock: Clock,
        key: OtpKey,
    ) -> None:
        self._uow = uow
        self._users = users
        self._otps = otps
        self._sms = sms
        self._clock = clock
        self._key = key

    async def __call__(self, payload: JobPayload) -> None:
        phone = PhoneNumber(str(payload["phone"]))
        purpose = OtpPurpose(str(payload["purpose"]))
        user = await self._users.find_by_login(phone)
        if user is None or (purpose is OtpPurpose.VERIFY_PHONE and user.phone_verified):
            return
        now = self._clock.now()
        await self._otps.close_open(phone, purpose, now)
        challenge, code = OtpChallenge.issue(new_id(), phone, purpose, now, self._key.value)
        await self._otps.add(challenge)
        await self._uow.commit()
        try:
            await self._sms.send(phone, f"Your Souk code is {code}. It expires in 5 minutes.")
        except Exception:  # the code is stored; the user can ask again once the window allows
            log.exception("otp.sms_failed", extra={"purpose": purpose.value})
