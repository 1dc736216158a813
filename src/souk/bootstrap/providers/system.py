"""Process-wide pieces: settings, clock, ids, pause, outages, the event recorder and outbox sweep, readiness."""

from __future__ import annotations

from dishka import Provider, Scope, provide
from redis.asyncio import Redis

from souk.adapters.events.registry import EventRegistry
from souk.adapters.ffmpeg.binaries import locate_binaries
from souk.adapters.ffmpeg.readiness import FfmpegReadinessProbe
from souk.adapters.redis.readiness import RedisReadinessProbe
from souk.adapters.s3.blob_store import S3BlobStore
from souk.adapters.s3.readiness import S3ReadinessProbe
from souk.adapters.sql.read_engine import ReadEngine
from souk.adapters.sql.readiness import SqlReadinessProbe
from souk.adapters.system.clock import SystemClock
from souk.adapters.system.ids import Uuid7Ids
from souk.adapters.system.outages import ExceptionOutageClassifier
from souk.adapters.system.pause import AsyncioPause
from souk.application.events import EventRecorder, PruneOutbox, SweepOutbox
from souk.application.ports.blob_store import BlobStore
from souk.application.ports.pause import Pause
from souk.application.ports.readiness_probe import ReadinessProbe
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.application.system.outages import Outages
from souk.application.system.readiness import CheckReadiness
from souk.bootstrap.settings import Settings
from souk.entrypoints.http.metrics import count_outage


def new_outages() -> Outages:
    return Outages(ExceptionOutageClassifier(), count_outage)


class SystemProvider(Provider):
    scope = Scope.APP

    pause = provide(AsyncioPause, provides=Pause)
    clock = provide(SystemClock, provides=Clock)
    ids = provide(Uuid7Ids, provides=Ids)


class EventsProvider(Provider):
    """Events recorded in the use case's transaction and published after commit."""

    recorder = provide(EventRecorder, scope=Scope.REQUEST)
    sweep = provide(SweepOutbox, scope=Scope.APP)
    prune = provide(PruneOutbox, scope=Scope.APP)

    @provide(scope=Scope.APP)
    def registry(self) -> EventRegistry:
        """Every event kind with its upcasters: the outbox's and the Redis bus's encoding."""
        return EventRegistry()


class ReadinessProvider(Provider):
    @provide(scope=Scope.APP)
    def readiness(
        self,
        database: SqlReadinessProbe,
        read_engine: ReadEngine,
        redis: Redis | None,
        blobs: BlobStore,
        settings: Settings,
        outages: Outages,
    ) -> CheckReadiness:
        """Every dependency the process uses: the write engine, the read engine (through the
        raw asyncpg path on PostgreSQL, as ``/users/me`` and the feeds use it), Redis, the S3
        bucket, and ffmpeg where jobs run (``souk worker``, or a server without Redis, which
        runs them in-process)."""
        probes: list[ReadinessProbe] = [database, SqlReadinessProbe(read_engine.engine, "database_read", raw=True)]
        if redis is not None:
            probes.append(RedisReadinessProbe(redis))
        if isinstance(blobs, S3BlobStore) and settings.s3_bucket:
            probes.append(S3ReadinessProbe(blobs, settings.s3_bucket))
        if redis is None or self._runs_jobs:
            probes.append(FfmpegReadinessProbe(locate_binaries(settings.ffmpeg, settings.ffprobe)))
        return CheckReadiness(probes, outages)

    def __init__(self, runs_jobs: bool = False) -> None:
        super().__init__()
        self._runs_jobs = runs_jobs


class OutagesProvider(Provider):
    """Gives the container the process's ``Outages``: the one the HTTP error translator
    holds when ``create_app`` passes it, a fresh one otherwise (CLI, worker, tests)."""

    def __init__(self, outages: Outages | None = None) -> None:
        super().__init__()
        self._outages = outages

    @provide(scope=Scope.APP)
    def outages(self) -> Outages:
        return self._outages or new_outages()
