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
