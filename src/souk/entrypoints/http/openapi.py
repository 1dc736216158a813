"""The served documents: OpenAPI (``/schema/openapi.json``, completed by
``openapi_document``), AsyncAPI for ``/ws`` (``/schema/asyncapi.json``) and Swagger UI
(``/schema``, ``/schema/swagger``) with its JS/CSS served from this package
(``static/swagger-ui``, a pinned swagger-ui-dist), so the pages work offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Request, Router, get
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, OpenAPIRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.response import Response
from litestar.static_files import create_static_files_router

BEARER: list[dict[str, list[str]]] = [{"BearerToken": []}]
SCHEMA_PATH = "/schema"
ASSETS_PATH = "/static/swagger-ui"
ASSETS_DIR = Path(__file__).with_name("static") / "swagger-ui"

DESCRIPTION = """Souk: marketplace feeds, real-time chat and haggling, live-video selling.

Conventions: JSON in and out, snake_case, UUID ids, RFC 3339 UTC times, money as
`{amount, currency}` in minor units. Request bodies refuse unknown fields. Errors are RFC
9457 problem details (`application/problem+json`, schema `Problem`) with a stable `code`;
each operation lists, per status, the codes it can answer; validation errors list `errors:
[{field, message}]`. 429 answers carry `Retry-After`. Access tokens (JWT, 15 min) go in
`Authorization: Bearer`; refresh tokens are single use.

Any route may answer 503 while a dependency fails, with `Retry-After` (seconds) and the
same `retry_after` in the body: `dependency_unavailable` (database or Redis unreachable or
restarting; nothing was done, retry after a few seconds) or `busy` (no database connection
free in time; retry after a second). The WebSocket gateway (`GET /ws`) is described by the
AsyncAPI document at `/schema/asyncapi.json` (a plain HTTP request to it, without the
upgrade, answers 426 `upgrade_required`); it answers a frame hit by the same failures
with `{"type": "error", "ref", "data": {"code", "detail", "retry_after"}}` and keeps the
socket open. `GET /ready` reports each dependency as `ok`/`down`.
"""


class SwaggerUiPlugin(OpenAPIRenderPlugin):
    """Swagger UI from this package's assets, reading the completed ``openapi.json``
    (Litestar's own Swagger plugin loads a CDN and inlines the raw document)."""

    def __init__(self) -> None:
        super().__init__(path=["/", "/swagger"])

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        assets = f"{SCHEMA_PATH}{ASSETS_PATH}"
        return f"""<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{openapi_schema["info"]["title"]}</title>
    <link rel="icon" type="image/png" href="{assets}/favicon-32x32.png">
    <link rel="stylesheet" href="{assets}/swagger-ui.css">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="{assets}/swagger-ui-bundle.js"></script>
    <script src="{assets}/swagger-ui-standalone-preset.js"></script>
    <script>
      window.ui = SwaggerUIBundle({{
        url: "{self.get_openapi_json_route(request)}",
        dom_id: "#swagger-ui",
        deepLinking: true,
        showExtensions: true,
        presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
        layout: "StandaloneLayout",
      }});
    </script>
  </body>
</html>
""".encode()


class CompletedJsonRenderPlugin(JsonRenderPlugin):
    """``/schema/openapi.json``: Litestar's document completed once (errors, strict
    bodies, examples, descriptions), and ``/schema/asyncapi.json`` beside it."""

    def __init__(self) -> None:
        super().__init__()
        self._completed: dict[str, Any] | None = None

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        if self._completed is None:
            from souk.entrypoints.http.openapi_document import complete

            self._completed = complete(openapi_schema, request.app)
        return self.render_json(request, self._completed)

    def receive_router(self, router: Router) -> None:
        router.register(asyncapi_document)
        router.register(
            create_static_files_router(
                path=ASSETS_PATH, directories=[ASSETS_DIR], include_in_schema=False, name="swagger-ui-assets"
            )
        )


@get("/asyncapi.json", include_in_schema=False, sync_to_thread=False)
def asyncapi_document() -> Response[bytes]:
    from souk.entrypoints.ws.asyncapi import document_bytes

    return Response(document_bytes(), media_type="application/json")


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Souk API",
        version="1.0.0",
        description=DESCRIPTION,
        path=SCHEMA_PATH,
        use_handler_docstrings=True,
        render_plugins=[SwaggerUiPlugin(), CompletedJsonRenderPlugin()],
        components=Components(
            security_schemes={
                "BearerToken": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT"),
            }
        ),
    )
