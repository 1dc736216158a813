"""``souk worker``: runs queued jobs (video processing, and later offer expiry...) from Redis."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from dishka import AsyncContainer
from saq import Queue

from souk.adapters.saq.job_queue import saq_worker
from souk.application.ports.job_handler import JobDispatcher
from souk.application.system.outages import Outages
from souk.application.system.readiness import CheckReadiness
from souk.bootstrap.container import build_container
from souk.bootstrap.error_reporting import configure_error_reporting
from souk.bootstrap.metrics_sampler import metrics_sampler
from souk.bootstrap.migrations import migrate
from souk.bootstrap.providers.system import ReadinessProvider
from souk.bootstrap.scratch import remove_stale_scratch
from souk.bootstrap.settings import Settings
from souk.bootstrap.tracing import configure_tracing
from souk.entrypoints.http.worker_health import worker_health_app

log = logging.getLogger("souk.worker")


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
    configure_tracing("worker")
    configure_error_reporting(settings, component="worker")
    container = build_container(settings, ReadinessProvider(runs_jobs=True))
    health: asyncio.Task[None] | None = None
    sampler = metrics_sampler(container)
    try:
        queue = await container.get(Queue | None)
        assert queue is not None
        dispatcher = await container.get(JobDispatcher)
        worker = saq_worker(queue, dispatcher, concurrency or settings.worker_concurrency, settings.job_sweep_s)
        if settings.worker_health_port:
            health = await _serve_health(container, settings)
        sampler.watch(await container.get(Outages))
        sampler.start()
        await worker.start()
    finally:
        await sampler.stop()
        if health is not None:
            health.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await health
        await container.close()


async def _serve_health(container: AsyncContainer, settings: Settings) -> asyncio.Task[None]:
    """``/health``, ``/ready`` and ``/metrics`` on the worker's own port, in its own loop."""
    import uvicorn

    check = await container.get(CheckReadiness)
    config = uvicorn.Config(
        worker_health_app(check),
        host=settings.worker_health_host,
        port=settings.worker_health_port,
        log_config=None,
        access_log=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign,assignment]  # SAQ owns SIGTERM
    task = asyncio.create_task(server.serve(), name="worker-health")
    while not server.started:
        if task.done():
            task.result()  # the port is taken: fail the start, loudly
            raise RuntimeError(f"the worker's health port {settings.worker_health_port} did not open")
        await asyncio.sleep(0.05)
    log.info("worker.health_listening host=%s port=%d", settings.worker_health_host, settings.worker_health_port)
    return task
