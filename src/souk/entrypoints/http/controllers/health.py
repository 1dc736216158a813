from __future__ import annotations

from typing import Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Response, get

from souk.application.system.readiness import OK, CheckReadiness
from souk.entrypoints.http.schemas.common import StatusOut


class HealthController(Controller):
    tags = ["health"]
    include_in_schema = True

    @get("/health", summary="Liveness: the process answers")
    async def health(self) -> StatusOut:
        """Answers 200 `{"status": "ok"}` while the process serves requests; it checks no dependency (see
        `/ready`)."""
        return StatusOut("ok")

    @get(
        "/ready",
        summary="Readiness: every pool a request uses answers; 503 otherwise",
        description=(
            "Runs `SELECT 1` on the write engine (`database`) and on the read engine through the "
            "raw asyncpg path the fast reads use (`database_read`), and `PING` on Redis (`redis`, "
            'when configured), each within 2 s. Answers 200 `{"status": "ok", "checks": '
            '{name: "ok"}}` when all answer, else 503 with `status` `unavailable` and each failing '
            "check `down`. It never carries error text: the reason is logged once per outage. "
            "Recovers by itself when the dependency does (dead connections are replaced)."
        ),
    )
    @inject
    async def ready(self, check: FromDishka[CheckReadiness]) -> Response[dict[str, Any]]:
        checks = await check()
        ok = all(v == OK for v in checks.values())
        return Response({"status": "ok" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503)
