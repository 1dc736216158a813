"""Prometheus metrics: a lean ASGI middleware (two label lookups and a histogram
observation per request) and the `/metrics` endpoint."""

from __future__ import annotations

import os
import time
from pathlib import Path

from litestar import Controller, Response, get
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from souk.application.system.outage import BUSY, Outage

REQUESTS = Counter("souk_http_requests", "HTTP requests answered", ["method", "route", "status"])
LATENCY = Histogram(
    "souk_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)

DEPENDENCY_ERRORS = Counter(
    "souk_dependency_errors",
    "Requests, frames and background rounds failed by a dependency (code: dependency_unavailable or busy)",
    ["dependency", "code", "door"],
)
PROCESSES = Gauge(
    "souk_processes", "Souk processes reporting into these metrics (1 per process)", multiprocess_mode="livesum"
)
PROCESSES.set(1)
BUSY_ANSWERS = Counter("souk_busy", "Work refused because no pooled connection was free in time", ["door"])


def count_outage(outage: Outage, door: str) -> None:
    """``door``: ``http``, ``ws`` or the background loop's name."""
    DEPENDENCY_ERRORS.labels(outage.dependency, outage.code, door).inc()
    if outage.code == BUSY:
        BUSY_ANSWERS.labels(door).inc()


class MetricsMiddleware:
    """Counts by route template (``/api/v1/users/{user_id}``), never by raw path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_record)
        finally:
            route = scope.get("path_template") or "unmatched"
            method = scope.get("method", "")
            REQUESTS.labels(method, route, str(status)).inc()
            LATENCY.labels(method, route).observe(time.perf_counter() - started)


MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"


def exposition() -> bytes:
    """This process's metrics; under ``souk serve --workers N`` (``PROMETHEUS_MULTIPROC_DIR``
    set) every worker process's, added up (gauges of processes that died left out)."""
    directory = os.environ.get(MULTIPROC_DIR)
    if not directory:
        return generate_latest(REGISTRY)
    forget_dead_processes(Path(directory))
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, directory)  # type: ignore[no-untyped-call]
    return generate_latest(registry)


def forget_dead_processes(directory: Path) -> None:
    """A worker that died (uvicorn starts another) leaves its live gauges' files behind."""
    for path in directory.glob("gauge_live*_*.db"):
        pid = path.stem.rsplit("_", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            multiprocess.mark_process_dead(int(pid), str(directory))  # type: ignore[no-untyped-call]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class MetricsController(Controller):
    path = "/metrics"
    include_in_schema = False

    @get("/", sync_to_thread=False)
    def metrics(self) -> Response[bytes]:
        return Response(exposition(), media_type=CONTENT_TYPE_LATEST)
