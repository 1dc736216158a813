from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

JobPayload = Mapping[str, str | int | float | bool | None]


@dataclass(frozen=True, slots=True)
class JobRequest:
    """Work for a background worker: ``name`` picks the handler, ``payload`` is plain JSON.

    ``key`` makes enqueueing idempotent (a second job with a live key is dropped), ``run_at``
    schedules it for later (e.g. an offer's expiry), ``timeout_s`` bounds one attempt and
    ``max_attempts`` bounds retries after errors and worker crashes."""

    name: str
    payload: JobPayload = field(default_factory=dict)
    key: str | None = None
    run_at: datetime | None = None
    timeout_s: int = 600
    max_attempts: int = 3


@dataclass(frozen=True, slots=True)
class JobAttempt:
    number: int
    max_attempts: int

    @property
    def last(self) -> bool:
        return self.number >= self.max_attempts


class JobQueue(Protocol):
    async def enqueue(self, job: JobRequest) -> None: ...
