from __future__ import annotations

import hmac

from souk.application.streams.config import LiveConfig
from souk.domain.streams.errors import InvalidIngestCall


class IngestGuard:
    """The RTMP server's hooks carry the shared secret; compared in constant time."""

    def __init__(self, config: LiveConfig) -> None:
        self._secret = config.ingest_secret.encode()

    def check(self, secret: str | None) -> None:
        if not secret or not hmac.compare_digest(secret.encode(), self._secret):
            raise InvalidIngestCall()
