from __future__ import annotations

from typing import Protocol

from souk.application.ports.job_queue import JobAttempt, JobPayload


class JobDispatcher(Protocol):
    """Runs the handler registered for a job name; raising means 'retry if attempts remain'."""

    async def dispatch(self, name: str, payload: JobPayload, attempt: JobAttempt) -> None: ...
