from __future__ import annotations

import asyncio
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
        self._read: dict[str, int] = {}

    async def code_for(self, phone: str, timeout_s: float = 15.0) -> str:
        """The code of the next text to ``phone`` not read yet. Texts go out after the
        request has answered (no timing difference between known and unknown numbers),
        so this waits for it."""
        deadline = asyncio.get_running_loop().time() + timeout_s
        while True:
            lines = [json.loads(line) for line in self.outbox.read_text().splitlines()] if self.outbox.exists() else []
            bodies = [m["body"] for m in lines if m["to"] == phone]
            if len(bodies) > self._read.get(phone, 0):
                self._read[phone] = len(bodies)
                return next(w for w in bodies[-1].replace(".", " ").split() if w.isdigit() and len(w) == 6)
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no new text to {phone} within {timeout_s} s")
            await asyncio.sleep(0.02)

    async def register(self, **overrides: Any) -> dict[str, Any]:
        body = {
            "username": unique("user"),
            "password": "plum kettle orbit saffron",
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
