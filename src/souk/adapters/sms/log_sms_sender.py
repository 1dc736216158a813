from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

from souk.application.ports.sms_sender import SmsSender
from souk.domain.accounts.values import PhoneNumber

log = logging.getLogger("souk.sms")


class LogSmsSender(SmsSender):
    """Development SMS: logs each message and, given an outbox file, appends it as a JSON line."""

    def __init__(self, outbox: Path | None = None) -> None:
        self._outbox = outbox
        self._lock = asyncio.Lock()

    async def send(self, to: PhoneNumber, body: str) -> None:
        log.info("sms.sent to=%s body=%s", to.value, body)
        if self._outbox is None:
            return
        line = json.dumps({"to": to.value, "body": body}) + "\n"
        async with self._lock:
            await asyncio.to_thread(self._append, line)

    def _append(self, line: str) -> None:
        self._outbox.parent.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
        with open(self._outbox, "a", encoding="utf-8") as f:  # type: ignore[arg-type]
            f.write(line)
