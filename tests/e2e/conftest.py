from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.support import unique, unique_phone


class Api:
    """An HTTP client for the running app plus the developer's SMS outbox."""

    def __init__(self, client: AsyncTestClient[Any], outbox: Path) -> None:
        self.client = client
        self.outbox = outbox

    def last_code(self, phone: str) -> str:
        lines = [json.loads(line) for line in self.outbox.read_text().splitlines()] if self.outbox.exists() else []
        body = next(m["body"] for m in reversed(lines) if m["to"] == phone)
        return next(w for w in body.replace(".", " ").split() if w.isdigit() and len(w) == 6)

    async def register(self, **overrides: Any) -> dict[str, Any]:
        body = {
            "username": unique("user"),
            "password": "correct horse battery",
            "display_name": "Test User",
            "phone": unique_phone(),
            **overrides,
        }
        response = await self.client.post("/api/v1/auth/register", json=body)
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        result["password"] = body["password"]
        return result

    @staticmethod
    def bearer(auth: dict[str, Any]) -> dict[str, str]:
        return {"Authorization": f"Bearer {auth['tokens']['access_token']}"}


@pytest.fixture
async def api(backend_settings: Settings, tmp_path: Path) -> AsyncIterator[Api]:
    base = backend_settings
    outbox = tmp_path / "sms.jsonl"
    settings = replace(base, sms_outbox=outbox, rate_limit_scale=1000)
    async with AsyncTestClient(create_app(settings)) as client:
        yield Api(client, outbox)
