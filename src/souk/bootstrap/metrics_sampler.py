"""Gauges sampled every few seconds by each process: its connection pools (database write
and read engines, Redis), the outbox's lag (the age of its oldest unpublished entry) and
the job queue's depth. Cheap: pool counters are in memory; the outbox lag is one probe of
the partial index of unpublished entries; the queue depth one ``LLEN``."""

from __future__ import annotations

from typing import Any

from dishka import AsyncContainer
from dishka.exceptions import NoFactoryError
from prometheus_client import Gauge
from redis.asyncio import Redis
from saq import Queue
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.adapters.jobs.metrics import JOB_QUEUE_DEPTH
from souk.adapters.sql.read_engine import ReadEngine
from souk.application.ports.outbox import OutboxStore
from souk.application.shared.clock import Clock
from souk.bootstrap.background import Periodic

DB_POOL = Gauge(
    "souk_db_pool_connections",
    "Database pool connections by engine (write, read) and state (in_use, idle, overflow)",
    ["engine", "state"],
    multiprocess_mode="livesum",
)
DB_POOL_SIZE = Gauge(
    "souk_db_pool_size", "Database pool size (before overflow) by engine", ["engine"], multiprocess_mode="livesum"
)
REDIS_POOL = Gauge(
    "souk_redis_pool_connections",
    "Redis pool connections by state (in_use, idle)",
    ["state"],
    multiprocess_mode="livesum",
)
OUTBOX_LAG = Gauge(
    "souk_outbox_lag_seconds",
    "Age of the oldest outbox entry not yet published to the bus (0 when none waits)",
    multiprocess_mode="livemax",
)

SAMPLE_EVERY_S = 5.0


def metrics_sampler(container: AsyncContainer, every_s: float = SAMPLE_EVERY_S) -> Periodic:
    async def sample() -> None:
        try:
            engine = await container.get(AsyncEngine)
            reader = await container.get(ReadEngine)
        except NoFactoryError:  # the in-memory test deployment has no database
            pass
        else:
            _pool("write", engine.pool)
            _pool("read", reader.engine.pool)
        redis = await container.get(Redis | None)
        if redis is not None:
            pool = redis.connection_pool
            REDIS_POOL.labels("in_use").set(len(getattr(pool, "_in_use_connections", ())))
            REDIS_POOL.labels("idle").set(len(getattr(pool, "_available_connections", ())))
        oldest = await (await container.get(OutboxStore)).oldest_unpublished()
        now = (await container.get(Clock)).now()
        OUTBOX_LAG.set(max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0)
        queue = await container.get(Queue | None)
        if queue is not None:
            JOB_QUEUE_DEPTH.set(await queue.count("queued"))

    return Periodic("metrics-sampler", every_s, sample)


def _pool(engine: str, pool: Any) -> None:
    """QueuePool (PostgreSQL) has counters; SQLite's pools have fewer: what exists is shown."""
    for state, method in (("in_use", "checkedout"), ("idle", "checkedin"), ("overflow", "overflow")):
        counter = getattr(pool, method, None)
        if counter is not None:
            DB_POOL.labels(engine, state).set(max(0, int(counter())))
    size = getattr(pool, "size", None)
    if size is not None:
        DB_POOL_SIZE.labels(engine).set(int(size()))
