from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

from souk.application.ports.sms_sender import SmsSender
from souk.domain.accounts.values import PhoneNumber

log = logging.getLogger("souk.sms")


class LogSmsSender(SmsSender):
    """Development and staging SMS: appends each message to an outbox file as a JSON line.
    Only the embedded deployment (a developer's machine) also writes the text, codes
    included, to the log; elsewhere the log says a text went out and to which number's end."""

    def __init__(self, outbox: Path | None = None, *, log_bodies: bool = False) -> None:
        self._outbox = outbox
        self._log_bodies = log_bodies
        self._lock = asyncio.Lock()

    @property
    def available(self) -> bool:
        return True

    async def send(self, to: PhoneNumber, body: str) -> None:
        if self._log_bodies:
            log.info("sms.sent to=%s body=%s", to.value, body)
        else:
            log.info("sms.sent to=…%s", to.value[-2:])
        if self._outbox is None:
            return
        line = json.dumps({"to": to.value, "body": body}) + "\n"
        async with self._lock:
            await asyncio.to_thread(self._append, self._outbox, line)

    @staticmethod
    def _append(outbox: Path, line: str) -> None:
        outbox.parent.mkdir(parents=True, exist_ok=True)
        with open(outbox, "a", encoding="utf-8") as f:
            f.write(line)
