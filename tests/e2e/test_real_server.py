"""The README's own commands, run as a user would: `souk serve` with no configuration,
the CLI, a restart that keeps the data, and PostgreSQL with two workers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

SOUK = [sys.executable, "-m", "souk"]
POOL_GUARD_LINE = "POOL GUARD VIOLATION"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOUK_")}
    env.update(
        SOUK_ARGON2_MEMORY_KIB="1024",
        SOUK_ARGON2_TIME_COST="1",
        SOUK_LOG_FORMAT="json",
        SOUK_DEBUG_POOL_GUARD="1",  # running_server fails the test on a nested pool checkout
        **extra,
    )
    return env


@contextmanager
def running_server(cwd: Path, env: dict[str, str], *args: str, start_timeout_s: float = 90) -> Iterator[str]:
    port = free_port()
    log = (cwd / f"server-{port}.log").open("w")
    process = subprocess.Popen([*SOUK, "serve", "--port", str(port), *args], cwd=cwd, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout_s
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError((cwd / f"server-{port}.log").read_text())
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()
    text = (cwd / f"server-{port}.log").read_text()
    assert POOL_GUARD_LINE not in text, f"the server logged nested pool checkouts:\n{text}"


def test_embedded_default_starts_registers_and_keeps_data_across_restarts(tmp_path: Path) -> None:
    env = clean_env(SOUK_SMS_OUTBOX=str(tmp_path / "sms.jsonl"))
    body = {
        "username": "first_user",
        "password": "plum kettle orbit saffron",
        "display_name": "First",
        "phone": "+14155550123",
    }
    with running_server(tmp_path, env) as base:
        register = httpx.post(f"{base}/api/v1/auth/register", json=body)
        assert register.status_code == 201, register.text
        ready = httpx.get(f"{base}/ready").json()["checks"]
        assert ready == {"database": "ok", "database_read": "ok", "ffmpeg": "ok"}  # jobs run in-process
        sent = httpx.post(f"{base}/api/v1/auth/otp/send", json={"phone": "+14155550123", "purpose": "verify_phone"})
        assert sent.status_code == 202
    assert (tmp_path / "souk-data" / "souk.db").exists()
    assert (tmp_path / "souk-data" / "jwt-secret").exists()
    assert '"to": "+14155550123"' in (tmp_path / "sms.jsonl").read_text()

    with running_server(tmp_path, env) as base:
        login = httpx.post(
            f"{base}/api/v1/auth/login", json={"login": "first_user", "password": "plum kettle orbit saffron"}
        )
        assert login.status_code == 200
        old_token = register.json()["tokens"]["access_token"]
        me = httpx.get(f"{base}/api/v1/users/me", headers={"Authorization": f"Bearer {old_token}"})
        assert me.status_code == 200, "the generated JWT secret must survive restarts"


def test_cli_creates_a_pro_user_who_can_log_in(tmp_path: Path) -> None:
    env = clean_env()
    created = subprocess.run(
        [
            *SOUK,
            "users",
            "create",
            "--username",
            "shop",
            "--password",
            "plum kettle orbit saffron",
            "--email",
            "shop@example.com",
            "--tier",
            "pro",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert created.returncode == 0, created.stderr
    assert "created user shop" in created.stdout
    duplicate = subprocess.run(
        [
            *SOUK,
            "users",
            "create",
            "--username",
            "shop",
            "--password",
            "plum kettle orbit saffron",
            "--email",
            "x@example.com",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert duplicate.returncode != 0
    assert "username_taken" in duplicate.stderr
    with running_server(tmp_path, env) as base:
        login = httpx.post(
            f"{base}/api/v1/auth/login", json={"login": "shop@example.com", "password": "plum kettle orbit saffron"}
        )
        assert login.json()["user"]["seller_tier"] == "pro"


@pytest.mark.postgres
@pytest.mark.redis
def test_postgres_and_redis_with_two_workers(tmp_path: Path, postgres_url: str, redis_url: str) -> None:
    env = clean_env(SOUK_DATABASE_URL=postgres_url, SOUK_REDIS_URL=redis_url, SOUK_JWT_SECRET="p" * 48)
    migrated = subprocess.run([*SOUK, "migrate"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert migrated.returncode == 0, migrated.stderr
    with running_server(tmp_path, env, "--workers", "2") as base:
        body = {
            "username": "two_workers",
            "password": "plum kettle orbit saffron",
            "display_name": "W",
            "email": "w@example.com",
        }
        token = httpx.post(f"{base}/api/v1/auth/register", json=body).json()["tokens"]["access_token"]
        ids = {
            httpx.get(f"{base}/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}).json()["id"]
            for _ in range(10)
        }
        assert len(ids) == 1
        ready = httpx.get(f"{base}/ready").json()["checks"]
        assert ready == {"database": "ok", "database_read": "ok", "redis": "ok"}
