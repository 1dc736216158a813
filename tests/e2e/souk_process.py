"""A real ``souk serve`` in a child process, in either deployment, with everything it
prints kept: the attack tests talk to it over the wire and read what it logged."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.test_real_server import clean_env, running_server
from tests.support import unique, unique_phone

STRONG_PASSWORD = "plum kettle orbit saffron"


@dataclass(frozen=True)
class Deployment:
    name: str
    env: dict[str, str]


@pytest.fixture(params=["embedded", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])])
def deployment(request: pytest.FixtureRequest, tmp_path: Path) -> Deployment:
    """The two deployments as ``souk serve`` runs them: SQLite alone, and PostgreSQL +
    Redis (the session's migrated scratch database). Texts go to an outbox, as in staging."""
    outbox = str(tmp_path / "sms.jsonl")
    if request.param == "embedded":
        return Deployment("embedded", clean_env(SOUK_SMS_OUTBOX=outbox))
    request.getfixturevalue("postgres_settings")  # migrated
    env = clean_env(
        SOUK_DATABASE_URL=request.getfixturevalue("postgres_url"),
        SOUK_REDIS_URL=request.getfixturevalue("redis_url"),
        SOUK_JWT_SECRET="s" * 48,
        SOUK_SMS_OUTBOX=outbox,
    )
    return Deployment("postgres", env)


@contextmanager
def souk_serve(cwd: Path, deployment: Deployment, **env: str) -> Iterator[tuple[str, Path]]:
    """The server's base URL and the file that gets everything it prints."""
    with running_server(cwd, {**deployment.env, **env}) as base:
        yield base, cwd / f"server-{base.rsplit(':', 1)[1]}.log"


def register(client: httpx.Client, headers: dict[str, str] | None = None, **overrides: str) -> dict[str, Any]:
    body = {
        "username": unique("atk"),
        "password": STRONG_PASSWORD,
        "display_name": "Target",
        "phone": unique_phone(),
        **overrides,
    }
    response = client.post("/api/v1/auth/register", json=body, headers=headers or {})
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    result["phone"] = body["phone"]
    return result
