from __future__ import annotations

from datetime import UTC, datetime

from souk.application.shared.clock import Clock


class SystemClock(Clock):
    def now(self) -> datetime:
        return datetime.now(UTC)
