"""``souk worker``: runs queued jobs (video processing, and later offer expiry...) from Redis."""

from __future__ import annotations

from saq import Queue

from souk.adapters.saq.job_queue import saq_worker
from souk.application.ports.job_handler import JobDispatcher
from souk.bootstrap.container import build_container
from souk.bootstrap.migrations import migrate
from souk.bootstrap.scratch import remove_stale_scratch
from souk.bootstrap.settings import Settings


class WorkerNeedsRedis(RuntimeError):
    pass


async def run_worker(settings: Settings, concurrency: int | None = None) -> None:
    """Until SIGINT/SIGTERM; a job interrupted by the stop is retried by another worker."""
    if settings.redis_url is None:
        raise WorkerNeedsRedis(
            "`souk worker` takes jobs from Redis: set SOUK_REDIS_URL. "
            "Without it (the embedded default) `souk serve` runs jobs in-process."
        )
    if settings.auto_migrate:
        await migrate(settings)
    remove_stale_scratch(max_age_s=2 * settings.media_job_timeout_s)
    container = build_container(settings)
    try:
        queue = await container.get(Queue | None)
        assert queue is not None
        dispatcher = await container.get(JobDispatcher)
        worker = saq_worker(queue, dispatcher, concurrency or settings.worker_concurrency, settings.job_sweep_s)
        await worker.start()
    finally:
        await container.close()
