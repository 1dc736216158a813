from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import pickle
from datetime import UTC, datetime

from souk.application.ports.job_handler import JobDispatcher
from souk.application.ports.job_queue import JobAttempt, JobQueue, JobRequest

log = logging.getLogger("souk.jobs")


class InProcessJobQueue(JobQueue):
    """The embedded deployment's job runner: the same handlers as ``souk worker``, run as
    asyncio tasks of the server process, with the same timeouts and retries. Jobs live only
    as long as the process (the use cases keep their own durable status).

    A job for later (every open offer's expiry, a day or two ahead) waits in one heap under
    one timer, not as a sleeping task of its own: 40,000 open offers used to be 40,000
    parked coroutines (~15 objects each) that every full garbage collection walked, up to a
    second per collection with the event loop stopped. It waits pickled, so its heap entry
    holds only a float, an int and bytes, which the collector stops tracking: parked jobs
    cost a full collection nothing. Its task starts when it is due."""

    def __init__(self, dispatcher: JobDispatcher, concurrency: int = 1, retry_delay_s: float = 1.0) -> None:
        self._dispatcher = dispatcher
        self._slots = asyncio.Semaphore(concurrency)
        self._retry_delay_s = retry_delay_s
        self._tasks: set[asyncio.Task[None]] = set()
        self._live_keys: set[str] = set()
        self._later: list[tuple[float, int, bytes]] = []  # (loop time due, order, pickled job)
        self._order = itertools.count()
        self._timer: asyncio.TimerHandle | None = None

    async def enqueue(self, job: JobRequest) -> None:
        if job.key is not None:
            if job.key in self._live_keys:
                return
            self._live_keys.add(job.key)
        delay = 0.0 if job.run_at is None else (job.run_at - datetime.now(UTC)).total_seconds()
        if delay <= 0:
            self._start(job)
            return
        loop = asyncio.get_running_loop()
        heapq.heappush(self._later, (loop.time() + delay, next(self._order), pickle.dumps(job)))
        self._arm(loop)

    async def drain(self) -> None:
        """Wait until every queued job has finished, those for later too (tests, graceful shutdown)."""
        loop = asyncio.get_running_loop()
        while self._tasks or self._later:
            if self._tasks:
                await asyncio.gather(*list(self._tasks), return_exceptions=True)
            else:
                await asyncio.sleep(max(0.0, self._later[0][0] - loop.time()) + 0.001)

    async def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        for _, _, parked in self._later:
            key = pickle.loads(parked).key  # noqa: S301 - written by this process, above
            if key is not None:
                self._live_keys.discard(key)
        self._later.clear()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    def _arm(self, loop: asyncio.AbstractEventLoop) -> None:
        """One timer, set for the earliest job for later."""
        due = self._later[0][0]
        if self._timer is not None:
            if self._timer.when() <= due:
                return
            self._timer.cancel()
        self._timer = loop.call_at(due, self._release_due, loop)

    def _release_due(self, loop: asyncio.AbstractEventLoop) -> None:
        self._timer = None
        while self._later and self._later[0][0] <= loop.time():
            self._start(pickle.loads(heapq.heappop(self._later)[2]))  # noqa: S301 - our own, above
        if self._later:
            self._arm(loop)

    def _start(self, job: JobRequest) -> None:
        task = asyncio.create_task(self._run(job), name=f"job:{job.name}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, job: JobRequest) -> None:
        try:
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
