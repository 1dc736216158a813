from __future__ import annotations

from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

BEARER: list[dict[str, list[str]]] = [{"BearerToken": []}]

DESCRIPTION = """Souk: marketplace feeds, real-time chat and haggling, live-video selling.

Conventions: JSON in and out, snake_case, UUID ids, RFC 3339 UTC times, money as
`{amount, currency}` in minor units. Errors are RFC 9457 problem details
(`application/problem+json`) with a stable `code`; validation errors list `errors:
[{field, message}]`. 429 answers carry `Retry-After`. Access tokens (JWT, 15 min) go in
`Authorization: Bearer`; refresh tokens are single use.

Any route may answer 503 while a dependency fails, with `Retry-After` (seconds) and the
same `retry_after` in the body: `dependency_unavailable` (database or Redis unreachable or
restarting; nothing was done, retry after a few seconds) or `busy` (no database connection
free in time; retry after a second). The WebSocket gateway (`GET /ws`) answers a frame hit
by the same failures with `{"type": "error", "ref", "data": {"code", "detail",
"retry_after"}}` and keeps the socket open. `GET /ready` reports each dependency as
`ok`/`down`.
"""


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Souk API",
        version="1.0.0",
        description=DESCRIPTION,
        path="/schema",
        render_plugins=[ScalarRenderPlugin(path="/"), SwaggerRenderPlugin(path="/swagger"), JsonRenderPlugin()],
        components=Components(
            security_schemes={
                "BearerToken": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT"),
            }
        ),
    )
