from __future__ import annotations

from typing import Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Response, get

from souk.application.system.readiness import CheckReadiness
from souk.entrypoints.http.schemas.common import StatusOut


class HealthController(Controller):
    tags = ["health"]
    include_in_schema = True

    @get("/health", summary="Liveness: the process answers")
    async def health(self) -> StatusOut:
        return StatusOut("ok")

    @get("/ready", summary="Readiness: database (and Redis when configured) reachable; 503 otherwise")
    @inject
    async def ready(self, check: FromDishka[CheckReadiness]) -> Response[dict[str, Any]]:
        checks = await check()
        ok = all(v == "ok" for v in checks.values())
        return Response({"status": "ready" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503)
