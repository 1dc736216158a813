from __future__ import annotations

from souk.application.ports.mail_sender import MailMessage, MailSender
from souk.domain.accounts.errors import MailUnavailable


class NoMailSender(MailSender):
    """A production deployment with neither an SMTP server nor an outbox file: no mail."""

    @property
    def available(self) -> bool:
        return False

    async def send(self, message: MailMessage) -> None:
        raise MailUnavailable()
