"""Mail through an SMTP server (any provider's submission port) with ``aiosmtplib``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

import aiosmtplib

from souk.application.ports.mail_sender import MailMessage, MailSender

log = logging.getLogger("souk.mail")


@dataclass(frozen=True, slots=True)
class SmtpServer:
    host: str
    port: int
    sender: str  # the From: address
    username: str | None = None
    password: str | None = None
    security: str = "starttls"  # "starttls" (submission, 587), "tls" (implicit, 465) or "none" (local relay)
    timeout_s: float = 20.0


class SmtpMailSender(MailSender):
    def __init__(self, server: SmtpServer) -> None:
        self._server = server

    @property
    def available(self) -> bool:
        return True

    async def send(self, message: MailMessage) -> None:
        server = self._server
        mail = EmailMessage()
        mail["From"] = server.sender
        mail["To"] = message.to
        mail["Subject"] = message.subject
        mail["Message-ID"] = make_msgid(domain=server.sender.rpartition("@")[2] or None)
        mail.set_content(message.text)
        mail.add_alternative(message.html, subtype="html")
        await aiosmtplib.send(
            mail,
            hostname=server.host,
            port=server.port,
            username=server.username,
            password=server.password,
            use_tls=server.security == "tls",
            start_tls=server.security == "starttls",
            timeout=server.timeout_s,
        )
        log.info("mail.sent to=…@%s subject=%s via=smtp", message.to.rpartition("@")[2], message.subject)
