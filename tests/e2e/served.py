"""One real ``souk serve`` per deployment (embedded SQLite; PostgreSQL + Redis), shared by
a test module: the hostile-input attacks and schemathesis run against what users run."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.e2e.test_real_server import SOUK, clean_env, running_server
from tests.support import unique

TRACEBACK = "Traceback"
INGEST_SECRET = "hostile-input-hooks"


@dataclass(frozen=True)
class Served:
    base: str
    log: Path

    @property
    def ws(self) -> str:
        return f"ws://{urlsplit(self.base).netloc}/ws"

    def log_text(self) -> str:
        return self.log.read_text()

    def tracebacks(self) -> list[str]:
        return [line for line in self.log_text().splitlines() if TRACEBACK in line]

    def register(self) -> tuple[str, str]:
        """A new user: ``(user id, access token)``."""
        body = {
            "username": unique("hostile"),
            "password": "correct horse battery",
            "display_name": "Hostile",
            "email": f"{unique()}@example.com",
        }
        response = httpx.post(f"{self.base}/api/v1/auth/register", json=body, timeout=30)
        assert response.status_code == 201, response.text
        data = response.json()
        return data["user"]["id"], data["tokens"]["access_token"]


def deployment_env(kind: str, request: pytest.FixtureRequest, cwd: Path) -> dict[str, str]:
    if kind == "embedded":
        return clean_env(
            SOUK_RATE_LIMIT_SCALE="1000",
            SOUK_SMS_OUTBOX=str(cwd / "sms.jsonl"),
            SOUK_MAIL_OUTBOX=str(cwd / "mail.jsonl"),
            SOUK_INGEST_SECRET=INGEST_SECRET,
        )
    postgres_url, redis_url = request.getfixturevalue("postgres_url"), request.getfixturevalue("redis_url")
    env = clean_env(
        SOUK_DATABASE_URL=postgres_url,
        SOUK_REDIS_URL=redis_url,
        SOUK_JWT_SECRET="h" * 48,
        SOUK_RATE_LIMIT_SCALE="1000",
        SOUK_SMS_OUTBOX=str(cwd / "sms.jsonl"),
        SOUK_MAIL_OUTBOX=str(cwd / "mail.jsonl"),
        SOUK_INGEST_SECRET=INGEST_SECRET,
    )
    migrated = subprocess.run([*SOUK, "migrate"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert migrated.returncode == 0, migrated.stderr
    return env


DEPLOYMENTS = ["embedded", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])]


@pytest.fixture(scope="module", params=DEPLOYMENTS, name="served")
def served_fixture(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    cwd = tmp_path_factory.mktemp(f"served-{request.param}")
    with running_server(cwd, deployment_env(request.param, request, cwd)) as base:
        port = urlsplit(base).port
        yield Served(base, cwd / f"server-{port}.log")
