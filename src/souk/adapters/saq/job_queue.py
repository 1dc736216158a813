"""Jobs on Redis through SAQ (Simple Async Queue).

Why SAQ: asyncio-native, per-job timeouts, retries with backoff, scheduled jobs and
idempotent keys (what offer expiry needs), and a heartbeat that lets a sweep re-queue the
job of a worker that died. Jobs run through the same ``JobDispatcher`` as the embedded
in-process runner."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from saq import Queue, Worker
from saq.types import Context, PartialTimersDict

from souk.adapters.jobs.metrics import JOB_WAIT
from souk.application.ports.job_handler import JobDispatcher
from souk.application.ports.job_queue import JobAttempt, JobQueue, JobRequest
from souk.application.shared.ids import new_id

log = logging.getLogger("souk.jobs")
FUNCTION = "souk_job"
# A job not heard from for HEARTBEAT_S is "stuck": the next sweep (every SWEEP_S, by any
# worker) aborts it and queues it again. After a ``kill -9`` the job is back in
# HEARTBEAT_S + up to 2 x SWEEP_S (the sweep lock's period may just have been taken) + 5 s
# (SAQ waits that long for the dead worker to confirm the abort) + the retry delay (1 s):
# under 30 s with the defaults. A live worker renews it BEATS_PER_HEARTBEAT times as often.
HEARTBEAT_S = 10
SWEEP_S = 5
BEATS_PER_HEARTBEAT = 4


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
    sweep_s: int = SWEEP_S,
) -> Worker[Any]:
    """A worker that runs Souk jobs; several may serve one queue. A job whose worker stops
    answering (no heartbeat) is swept and retried by another."""

    async def run(ctx: Context, *, name: str, payload: dict[str, Any]) -> None:
        job = ctx["job"]
        if job.attempts <= 1:  # the queue's wait, once per job (a retry's wait is its backoff)
            JOB_WAIT.labels(name).observe(_waited_s(job))
        beat = asyncio.create_task(_heartbeat(job, (job.heartbeat or HEARTBEAT_S) / BEATS_PER_HEARTBEAT))
        try:
            await dispatcher.dispatch(name, payload, JobAttempt(job.attempts, job.retries))
        finally:
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat

    timers: PartialTimersDict = {"schedule": 1, "worker_info": 10, "sweep": sweep_s, "abort": 1}
    return Worker(queue, functions=[(FUNCTION, run)], concurrency=concurrency, timers=timers)


def _waited_s(job: Any) -> float:
    """From when the job was queued (or scheduled for) to now, in seconds."""
    since_ms = max(int(job.queued or 0), int(job.scheduled or 0) * 1000)
    return max(0.0, time.time() - since_ms / 1000) if since_ms else 0.0


async def _heartbeat(job: Any, every_s: float) -> None:
    while True:
        await asyncio.sleep(every_s)
        try:
            await job.update()
        except Exception:
            log.warning("job.heartbeat_failed", exc_info=True)
