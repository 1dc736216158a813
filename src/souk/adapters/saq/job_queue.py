"""Jobs on Redis through SAQ (Simple Async Queue).

Why SAQ: asyncio-native, per-job timeouts, retries with backoff, scheduled jobs and
idempotent keys (what offer expiry needs), and a heartbeat that lets a sweep re-queue the
job of a worker that died. Jobs run through the same ``JobDispatcher`` as the embedded
in-process runner."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from saq import Queue, Worker
from saq.types import Context, PartialTimersDict

from souk.application.ports.job_handler import JobDispatcher
from souk.application.ports.job_queue import JobAttempt, JobQueue, JobRequest
from souk.domain.shared.ids import new_id

log = logging.getLogger("souk.jobs")
FUNCTION = "souk_job"
HEARTBEAT_S = 30


class SaqJobQueue(JobQueue):
    def __init__(self, queue: Queue, heartbeat_s: int = HEARTBEAT_S) -> None:
        self._queue = queue
        self._heartbeat_s = heartbeat_s

    async def enqueue(self, job: JobRequest) -> None:
        await self._queue.enqueue(
            FUNCTION,
            key=job.key or str(new_id()),
            timeout=job.timeout_s,
            retries=job.max_attempts,
            retry_delay=1.0,
            retry_backoff=True,
            heartbeat=self._heartbeat_s,
            scheduled=int(job.run_at.timestamp()) if job.run_at else 0,
            name=job.name,
            payload=dict(job.payload),
        )


def saq_worker(
    queue: Queue,
    dispatcher: JobDispatcher,
    concurrency: int = 1,
    sweep_s: int = 60,
    heartbeat_s: float = HEARTBEAT_S / 3,
) -> Worker[Any]:
    """A worker that runs Souk jobs; several may serve one queue. A job whose worker stops
    answering (no heartbeat) is swept and retried by another."""

    async def run(ctx: Context, *, name: str, payload: dict[str, Any]) -> None:
        job = ctx["job"]
        beat = asyncio.create_task(_heartbeat(job, heartbeat_s))
        try:
            await dispatcher.dispatch(name, payload, JobAttempt(job.attempts, job.retries))
        finally:
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat

    timers: PartialTimersDict = {"schedule": 1, "worker_info": 10, "sweep": sweep_s, "abort": 1}
    return Worker(queue, functions=[(FUNCTION, run)], concurrency=concurrency, timers=timers)


async def _heartbeat(job: Any, every_s: float) -> None:
    while True:
        await asyncio.sleep(every_s)
        try:
            await job.update()
        except Exception:
            log.warning("job.heartbeat_failed", exc_info=True)
