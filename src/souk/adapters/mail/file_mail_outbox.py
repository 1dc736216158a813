from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

from souk.application.ports.mail_sender import MailMessage, MailSender

log = logging.getLogger("souk.mail")


class FileMailOutbox(MailSender):
    """Development and staging mail: one JSON line per message (``to``, ``subject``,
    ``text``, ``html``) appended to a file the developer reads. The log only says a mail
    went out and to which domain: never its body, which holds codes and links."""

    def __init__(self, outbox: Path) -> None:
        self._outbox = outbox
        self._lock = asyncio.Lock()

    @property
    def available(self) -> bool:
        return True

    async def send(self, message: MailMessage) -> None:
        line = json.dumps({"to": message.to, "subject": message.subject, "text": message.text, "html": message.html})
        async with self._lock:
            await asyncio.to_thread(self._append, line + "\n")
        log.info("mail.sent to=…@%s subject=%s", message.to.rpartition("@")[2], message.subject)

    def _append(self, line: str) -> None:
        self._outbox.parent.mkdir(parents=True, exist_ok=True)
        with open(self._outbox, "a", encoding="utf-8") as f:
            f.write(line)
