from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from souk.application.ports.job_handler import JobDispatcher
from souk.application.ports.job_queue import JobAttempt, JobQueue, JobRequest

log = logging.getLogger("souk.jobs")


class InProcessJobQueue(JobQueue):
    """The embedded deployment's job runner: the same handlers as ``souk worker``, run as
    asyncio tasks of the server process, with the same timeouts and retries. Jobs live only
    as long as the process (the use cases keep their own durable status)."""

    def __init__(self, dispatcher: JobDispatcher, concurrency: int = 1, retry_delay_s: float = 1.0) -> None:
        self._dispatcher = dispatcher
        self._slots = asyncio.Semaphore(concurrency)
        self._retry_delay_s = retry_delay_s
        self._tasks: set[asyncio.Task[None]] = set()
        self._live_keys: set[str] = set()

    async def enqueue(self, job: JobRequest) -> None:
        if job.key is not None:
            if job.key in self._live_keys:
                return
            self._live_keys.add(job.key)
        task = asyncio.create_task(self._run(job), name=f"job:{job.name}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait until every queued job has finished (tests, graceful shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def _run(self, job: JobRequest) -> None:
        try:
            if job.run_at is not None:
                await asyncio.sleep(max(0.0, (job.run_at - datetime.now(UTC)).total_seconds()))
            for number in range(1, job.max_attempts + 1):
                try:
                    async with self._slots, asyncio.timeout(job.timeout_s):
                        await self._dispatcher.dispatch(job.name, job.payload, JobAttempt(number, job.max_attempts))
                    return
                except Exception:
                    log.exception("job.failed", extra={"job": job.name, "attempt": number})
                    await asyncio.sleep(self._retry_delay_s * number)
        finally:
            if job.key is not None:
                self._live_keys.discard(job.key)
