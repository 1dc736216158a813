"""Job metrics (and a span per attempt), for the in-process runner and ``souk worker`` alike: how many ran and how
(``outcome``: ``succeeded``, ``failed`` — a failed attempt is retried while attempts
remain), how long each ran, and how long each waited in the queue (``souk worker`` only:
the embedded runner starts a job as it is queued)."""

from __future__ import annotations

import time

from opentelemetry import trace
from prometheus_client import Counter, Gauge, Histogram

from souk.application.ports.job_handler import JobDispatcher
from souk.application.ports.job_queue import JobAttempt, JobPayload

_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800)

JOBS = Counter("souk_jobs", "Job attempts finished, by job name and outcome (succeeded, failed)", ["job", "outcome"])
JOB_DURATION = Histogram("souk_job_duration_seconds", "Time a job attempt ran", ["job"], buckets=_BUCKETS)
JOB_WAIT = Histogram(
    "souk_job_wait_seconds", "Time a job waited in the queue before a worker started it", ["job"], buckets=_BUCKETS
)
JOB_QUEUE_DEPTH = Gauge(
    "souk_job_queue_depth", "Jobs queued and not yet started (sampled every few seconds)", multiprocess_mode="livemax"
)


_tracer = trace.get_tracer("souk.jobs")  # a no-op unless tracing is configured (bootstrap/tracing.py)


class MeasuredJobDispatcher(JobDispatcher):
    def __init__(self, inner: JobDispatcher) -> None:
        self._inner = inner

    async def dispatch(self, name: str, payload: JobPayload, attempt: JobAttempt) -> None:
        started = time.perf_counter()
        outcome = "failed"
        try:
            with _tracer.start_as_current_span(f"job {name}", attributes={"souk.job.attempt": attempt.number}):
                await self._inner.dispatch(name, payload, attempt)
            outcome = "succeeded"
        finally:
            JOB_DURATION.labels(name).observe(time.perf_counter() - started)
            JOBS.labels(name, outcome).inc()
