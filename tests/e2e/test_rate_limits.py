from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx
from litestar.testing import AsyncTestClient

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.support import unique, unique_phone


async def test_login_is_throttled_with_retry_after(sqlite_settings: Settings, tmp_path: Path) -> None:
    async with AsyncTestClient(create_app(replace(sqlite_settings, rate_limit_scale=1))) as client:
        statuses = []
        for _ in range(12):
            response = await client.post("/api/v1/auth/login", json={"login": unique(), "password": "whatever1"})
            statuses.append(response.status_code)
        target = unique()
        for _ in range(11):
            last = await client.post("/api/v1/auth/login", json={"login": target, "password": "whatever1"})
    assert set(statuses) == {401}
    assert last.status_code == 429
    assert last.json()["code"] == "rate_limited"
    assert int(last.headers["retry-after"]) > 0


async def test_otp_send_is_throttled_per_phone(sqlite_settings: Settings) -> None:
    phone = unique_phone()
    async with AsyncTestClient(create_app(replace(sqlite_settings, rate_limit_scale=1))) as client:
        first = await client.post("/api/v1/auth/otp/send", json={"phone": phone, "purpose": "login"})
        second = await client.post("/api/v1/auth/otp/send", json={"phone": phone, "purpose": "login"})
    assert first.status_code == 202
    assert second.status_code == 429
    assert 0 < int(second.headers["retry-after"]) <= 60


async def test_per_ip_limits_use_the_forwarded_address_behind_a_trusted_proxy(sqlite_settings: Settings) -> None:
    from souk.bootstrap.settings import parse_networks

    settings = replace(sqlite_settings, rate_limit_scale=1, trusted_proxies=parse_networks("127.0.0.1"))
    transport = httpx.ASGITransport(app=create_app(settings), client=("127.0.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://souk") as client:
        blocked = None
        for _ in range(31):
            blocked = await client.post(
                "/api/v1/auth/login",
                json={"login": unique(), "password": "whatever1"},
                headers={"X-Forwarded-For": "203.0.113.9"},
            )
        other = await client.post(
            "/api/v1/auth/login",
            json={"login": unique(), "password": "whatever1"},
            headers={"X-Forwarded-For": "203.0.113.10"},
        )
    assert blocked is not None
    assert blocked.status_code == 429
    assert other.status_code == 401
