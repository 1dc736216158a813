"""What clients are told when a dependency fails: the vocabulary shared by REST, WebSocket
and the background loops."""

from __future__ import annotations

from dataclasses import dataclass

BUSY = "busy"  # the dependency answers but no connection was free in time: retry at once
DEPENDENCY_UNAVAILABLE = "dependency_unavailable"  # unreachable, restarting, connection lost

DATABASE = "database"
REDIS = "redis"

RETRY_AFTER_BUSY_S = 1
RETRY_AFTER_UNAVAILABLE_S = 3  # a PostgreSQL restart takes ~0.2 s, a failover a few seconds


@dataclass(frozen=True, slots=True)
class Outage:
    code: str  # BUSY or DEPENDENCY_UNAVAILABLE: the problem / error-frame code
    dependency: str  # DATABASE or REDIS
    reason: str  # the exception's type name: enough for a log line, never its text (SQL, DSNs)

    @property
    def retry_after_s(self) -> int:
        return RETRY_AFTER_BUSY_S if self.code == BUSY else RETRY_AFTER_UNAVAILABLE_S

    @property
    def detail(self) -> str:
        if self.code == BUSY:
            return f"The {self.dependency} is busy; retry in {self.retry_after_s} s."
        return f"The {self.dependency} is unavailable for a moment; retry in {self.retry_after_s} s."


class DependencyDown(Exception):
    """Raised in place of a failure already recognised as ``outage`` (and logged once), so
    whoever catches it can stop the batch in hand without logging it again."""

    def __init__(self, outage: Outage) -> None:
        super().__init__(f"{outage.dependency} {outage.code}")
        self.outage = outage
