from __future__ import annotations

from souk.application.ports.sms_sender import SmsSender
from souk.domain.accounts.errors import SmsUnavailable
from souk.domain.accounts.values import PhoneNumber


class NoSmsSender(SmsSender):
    """A production deployment with no SMS provider configured: nothing is sent, and
    nothing pretends to be (a code written to a log would be a secret in the log)."""

    @property
    def available(self) -> bool:
        return False

    async def send(self, to: PhoneNumber, body: str) -> None:
        raise SmsUnavailable()
