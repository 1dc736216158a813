from __future__ import annotations

import logging
from collections.abc import Sequence

from souk.application.ports.push_sender import PushMessage, PushSender

log = logging.getLogger("souk.push")


class LogPushSender(PushSender):
    """The default: pushes are written to the log (no push service configured)."""

    async def send(self, messages: Sequence[PushMessage]) -> set[str]:
        for message in messages:
            log.info(
                "push.sent",
                extra={
                    "user_id": str(message.token.user_id),
                    "platform": message.token.platform.value,
                    "title": message.title,
                    "body": message.body,
                    "data": dict(message.data),
                },
            )
        return set()
