"""The served documents tell the truth (issue 14): OpenAPI documents every error as
problem details with its codes, strict bodies with examples, a description everywhere;
AsyncAPI is served; the /schema UI works offline; OPTIONS lists every method."""

from __future__ import annotations

import re
from typing import Any

from souk.entrypoints.http.openapi_descriptions import DESCRIPTIONS
from tests.e2e.conftest import Api

METHODS = ("get", "put", "post", "patch", "delete")
PROBES = ("/health", "/ready", "/metrics")  # the process's own probes: no parameters, no dependency errors


async def _openapi(api: Api) -> dict[str, Any]:
    response = await api.client.get("/schema/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


async def test_every_operation_has_a_summary_a_description_and_problem_errors(api: Api) -> None:
    document = await _openapi(api)
    problem = document["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "code"}
    assert {"errors", "retry_after"} <= set(problem["properties"])
    operations = _operations(document)
    assert len(operations) > 80
    for method, path, operation in operations:
        where = f"{method.upper()} {path}"
        assert operation.get("summary"), where
        assert operation.get("description"), where
        errors = {status: r for status, r in operation["responses"].items() if status.startswith(("4", "5"))}
        assert errors or path in PROBES, where
        for response in errors.values():
            content = response["content"]
            assert list(content) == ["application/problem+json"], where
            schema = content["application/problem+json"]["schema"]
            assert schema["allOf"][0] == {"$ref": "#/components/schemas/Problem"}, where
            codes = schema["allOf"][1]["properties"]["code"]["enum"]
            assert codes, where
            assert codes == response["x-codes"], where
            assert all(f"`{code}`" in response["description"] for code in codes), where
            assert "status_code" not in str(response), where  # Litestar's default 400 is gone
        if operation.get("security"):
            assert "invalid_token" in errors["401"]["x-codes"], where
        if "requestBody" in operation:
            assert "payload_too_large" in errors["413"]["x-codes"], where
        if path not in PROBES:
            assert {"dependency_unavailable", "busy"} <= set(errors["503"]["x-codes"]), where


async def test_domain_errors_are_listed_at_their_status(api: Api) -> None:
    """The codes come from what each handler can raise; spot-check a few well-known ones."""
    paths = (await _openapi(api))["paths"]
    offers = paths["/api/v1/offers"]["post"]["responses"]
    assert "own_product" in offers["403"]["x-codes"]
    assert "product_not_found" in offers["404"]["x-codes"]
    assert "idempotency_key_reused" in offers["409"]["x-codes"]
    login = paths["/api/v1/auth/login"]["post"]["responses"]
    assert "invalid_credentials" in login["401"]["x-codes"]
    assert "rate_limited" in login["429"]["x-codes"]
    assert "Retry-After" in login["429"]["headers"]
    edit = paths["/api/v1/products/{product_id}"]["patch"]["responses"]
    assert {"not_the_seller"} <= set(edit["403"]["x-codes"])
    assert {"price_locked", "product_sold"} <= set(edit["409"]["x-codes"])
    assert "invalid_coordinates" in edit["400"]["x-codes"]


async def test_bodies_are_strict_and_have_examples(api: Api) -> None:
    document = await _openapi(api)
    schemas = document["components"]["schemas"]
    for method, path, operation in _operations(document):
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body is None:
            continue
        assert "example" in body, f"{method.upper()} {path}"
        ref = body["schema"].get("$ref")
        if ref:
            assert schemas[ref.rsplit("/", 1)[-1]]["additionalProperties"] is False, ref
    for name, schema in schemas.items():
        assert schema.get("description"), name
    assert schemas["MoneyIn"]["additionalProperties"] is False  # nested bodies too
    assert "EUR" in schemas["MoneyIn"]["properties"]["currency"]["enum"]


async def test_every_schema_has_a_real_description(api: Api) -> None:
    """A struct without a docstring must have a line in openapi_descriptions: the generated
    fallback ("Product out.") is not a description."""
    schemas = (await _openapi(api))["components"]["schemas"]
    for name, schema in schemas.items():
        bare = name.rsplit("_", 1)[-1]
        fallback = re.sub(r"(?<!^)(?=[A-Z])", " ", bare).lower()
        assert schema["description"].lower().rstrip(".") != fallback, f"{name}: add a docstring or a DESCRIPTIONS line"
    assert set(DESCRIPTIONS) - set(schemas) - {"AcceptedOut"} == set(), "stale DESCRIPTIONS lines"


async def test_unknown_fields_and_wrong_json_types_are_refused(api: Api) -> None:
    auth = await api.register()
    wrong_type = await api.client.post("/api/v1/auth/logout-all", json={"keep_current": 0}, headers=api.bearer(auth))
    assert wrong_type.status_code == 400, wrong_type.text
    assert wrong_type.json()["code"] == "validation_error"
    assert wrong_type.json()["errors"][0]["field"] == "keep_current"
    integral = await api.client.post(
        "/api/v1/media/upload-url",
        json={"kind": "image", "files": [{"content_type": "image/png", "size_bytes": 2048.0}]},
        headers=api.bearer(auth),
    )
    assert integral.status_code == 201, integral.text  # 2048.0 is the JSON integer 2048


async def test_options_lists_every_method_of_the_path(api: Api) -> None:
    some_id = "0b7a24d7-b988-44fd-a6de-8d7c2907103e"
    product = await api.client.options(f"/api/v1/products/{some_id}")
    assert product.status_code == 204
    assert product.headers["allow"] == "DELETE, GET, OPTIONS, PATCH"
    stream_products = await api.client.options(f"/api/v1/streams/{some_id}/products")
    assert stream_products.headers["allow"] == "GET, OPTIONS, POST"


async def test_asyncapi_is_served(api: Api) -> None:
    response = await api.client.get("/schema/asyncapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    document = response.json()
    assert document["asyncapi"] == "3.0.0"
    assert document["channels"]["gateway"]["address"] == "/ws"


async def test_the_schema_ui_loads_only_local_assets(api: Api) -> None:
    for page in ("/schema", "/schema/swagger"):
        response = await api.client.get(page)
        assert response.status_code == 200
        html = response.text
        for other_host in ("http://", "https://", '="//'):
            assert other_host not in html, "nothing from another host"
        assets = re.findall(r"(?:src|href)=\"(/[^\"]+)\"", html)
        assert {a.rsplit("/", 1)[-1] for a in assets} >= {
            "swagger-ui-bundle.js",
            "swagger-ui-standalone-preset.js",
            "swagger-ui.css",
        }
        for asset in assets:
            served = await api.client.get(asset)
            assert served.status_code == 200, asset
            assert len(served.content) > 500, asset
        assert 'url: "/schema/openapi.json"' in html  # the completed document, not an inlined copy
