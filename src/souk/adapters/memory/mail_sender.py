from __future__ import annotations

from souk.application.ports.mail_sender import MailMessage, MailSender


class InMemoryMailSender(MailSender):
    def __init__(self) -> None:
        self.sent: list[MailMessage] = []

    @property
    def available(self) -> bool:
        return True

    async def send(self, message: MailMessage) -> None:
        self.sent.append(message)

    def last_to(self, address: str) -> MailMessage:
        return next(m for m in reversed(self.sent) if m.to == address)
