"""The HTTP door of a ``souk worker`` (``SOUK_WORKER_HEALTH_PORT``): ``/health`` (the
process answers), ``/ready`` (every dependency its jobs use, as the servers' ``/ready``
says it) and ``/metrics`` (its job metrics, for Prometheus to scrape)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Litestar, Response, get
from prometheus_client import CONTENT_TYPE_LATEST

from souk.application.system.readiness import OK
from souk.entrypoints.http.metrics import exposition

Readiness = Callable[[], Awaitable[dict[str, str]]]


def worker_health_app(readiness: Readiness) -> Litestar:
    @get("/health", sync_to_thread=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @get("/ready")
    async def ready() -> Response[dict[str, Any]]:
        checks = await readiness()
        ok = all(v == OK for v in checks.values())
        return Response({"status": "ok" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503)

    @get("/metrics", sync_to_thread=False)
    def metrics() -> Response[bytes]:
        return Response(exposition(), media_type=CONTENT_TYPE_LATEST)

    return Litestar(route_handlers=[health, ready, metrics], openapi_config=None, logging_config=None, debug=False)
