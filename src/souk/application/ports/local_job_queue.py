from __future__ import annotations

from typing import Protocol

from souk.application.ports.job_queue import JobQueue


class LocalJobQueue(JobQueue, Protocol):
    """Jobs this process runs soon after the request that queued them has answered: short
    work that may be lost with the process (a code the user can ask for again), and that
    must not make the answer's timing depend on what it finds."""
