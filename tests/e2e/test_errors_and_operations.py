"""Malformed input anywhere answers a problem document with a stable code, never a 500."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Api

JSON_ROUTES = [
    ("POST", "/api/v1/auth/register"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/otp/send"),
    ("POST", "/api/v1/auth/otp/verify"),
    ("POST", "/api/v1/auth/refresh"),
    ("POST", "/api/v1/auth/password/reset"),
    ("POST", "/api/v1/auth/password/reset/confirm"),
]
BAD_BODIES: list[Any] = [
    b"{not json",
    b"",
    b"[]",
    b"null",
    b'"string"',
    {"unexpected": 1},
    {"phone": 12345, "password": ["x"], "login": None, "purpose": "nope", "code": 1, "refresh_token": 5},
    {"phone": "+1" + "9" * 40, "purpose": "login", "login": "x" * 5000, "password": "x" * 5000},
]


def assert_problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail", "code"} <= set(body)
    assert body["status"] == status
    if code:
        assert body["code"] == code
    return body


@pytest.mark.parametrize(("method", "path"), JSON_ROUTES)
async def test_malformed_bodies_are_400_problems(api: Api, method: str, path: str) -> None:
    for body in BAD_BODIES:
        kwargs = (
            {"content": body, "headers": {"content-type": "application/json"}}
            if isinstance(body, bytes)
            else {"json": body}
        )
        response = await api.client.request(method, path, **kwargs)
        assert_problem(response, 400)


async def test_validation_errors_name_the_fields(api: Api) -> None:
    response = await api.client.post(
        "/api/v1/auth/register", json={"username": "ok_name", "password": "short", "display_name": "X", "phone": "1"}
    )
    body = assert_problem(response, 400, "validation_error")
    assert body["errors"][0]["field"] == "password"
    domain = await api.client.post(
        "/api/v1/auth/register",
        json={"username": "ok_name", "password": "long enough", "display_name": "X", "phone": "12"},
    )
    assert assert_problem(domain, 400, "invalid_phone")["errors"][0]["field"] == "phone"
    unknown = await api.client.post("/api/v1/auth/login", json={"login": "a", "password": "b", "extra": 1})
    assert "extra" in assert_problem(unknown, 400, "validation_error")["errors"][0]["field"]


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer nope", "Basic abc", "Bearer a.b.c"])
async def test_protected_routes_want_a_valid_bearer_token(api: Api, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = await api.client.get("/api/v1/users/me", headers=headers)
    assert_problem(response, 401, "invalid_token")
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_unknown_routes_and_methods_are_problems(api: Api) -> None:
    assert_problem(await api.client.get("/api/v1/nothing-here"), 404, "not_found")
    assert_problem(await api.client.delete("/api/v1/auth/login"), 405, "method_not_allowed")


async def test_oversized_bodies_are_413(api: Api) -> None:
    response = await api.client.post(
        "/api/v1/auth/login",
        content=b'{"login": "' + b"x" * 2_000_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert_problem(response, 413, "payload_too_large")


async def test_health_schema_metrics_and_request_ids(api: Api) -> None:
    health = await api.client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert health.json() == {"status": "ok"}
    assert health.headers["x-request-id"] == "abc-123"
    generated = await api.client.get("/health", headers={"X-Request-ID": "bad id with spaces"})
    assert generated.headers["x-request-id"] != "bad id with spaces"
    schema = (await api.client.get("/schema/openapi.json")).json()
    assert "/api/v1/auth/register" in schema["paths"]
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    assert (await api.client.get("/schema")).status_code == 200
    metrics = await api.client.get("/metrics")
    assert metrics.status_code == 200
    assert "souk_http_requests_total" in metrics.text
    assert 'route="/health"' in metrics.text
