from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.support import fast_settings


def test_no_configuration_means_the_embedded_deployment() -> None:
    settings = Settings.from_env({})
    assert settings.database_url == "sqlite+aiosqlite:///souk-data/souk.db"
    assert settings.redis_url is None
    assert settings.auto_migrate is True


def test_production_urls_are_normalised_and_do_not_auto_migrate() -> None:
    settings = Settings.from_env(
        {
            "SOUK_DATABASE_URL": "postgres://u@db/souk",
            "SOUK_REDIS_URL": "redis://r:6379/0",
            "SOUK_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.1",
        }
    )
    assert settings.database_url == "postgresql+asyncpg://u@db/souk"
    assert settings.auto_migrate is False
    assert [str(n) for n in settings.trusted_proxies] == ["10.0.0.0/8", "192.168.1.1/32"]


def test_the_jwt_secret_is_generated_once_and_kept(tmp_path: Path) -> None:
    settings = Settings.from_env({"SOUK_DATA_DIR": str(tmp_path)})
    first = settings.with_jwt_secret().jwt_secret
    assert len(first) >= 48
    assert settings.with_jwt_secret().jwt_secret == first
    assert (tmp_path / "jwt-secret").stat().st_mode & 0o077 == 0
    explicit = Settings.from_env({"SOUK_DATA_DIR": str(tmp_path), "SOUK_JWT_SECRET": "y" * 40})
    assert explicit.with_jwt_secret().jwt_secret == "y" * 40


@pytest.mark.redis
async def test_ready_reports_each_dependency(backend_settings: Settings) -> None:
    async with AsyncTestClient(create_app(backend_settings)) as client:
        response = await client.get("/ready")
    assert response.status_code == 200
    # without Redis, jobs run in the server: its ffmpeg is a dependency
    expected = {"database": "ok", "database_read": "ok"} | (
        {"redis": "ok"} if backend_settings.redis_url else {"ffmpeg": "ok"}
    )
    assert response.json() == {"status": "ok", "checks": expected}


async def test_ready_is_503_when_redis_is_unreachable(sqlite_settings: Settings) -> None:
    settings = replace(sqlite_settings, redis_url="redis://127.0.0.1:1/0")
    async with AsyncTestClient(create_app(settings)) as client:
        response = await client.get("/ready")
        health = await client.get("/health")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "database_read": "ok", "redis": "down"},
    }
    assert health.status_code == 200


async def test_ready_is_503_when_the_jobs_ffmpeg_is_missing(sqlite_settings: Settings, tmp_path: Path) -> None:
    settings = replace(sqlite_settings, ffmpeg=str(tmp_path / "no-ffmpeg"))
    async with AsyncTestClient(create_app(settings)) as client:
        response = await client.get("/ready")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "database_read": "ok", "ffmpeg": "down"}
    assert "no-ffmpeg" not in response.text


async def test_ready_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    settings = replace(fast_settings(tmp_path), database_url="postgresql+asyncpg://postgres@127.0.0.1:1/none")
    async with AsyncTestClient(create_app(settings)) as client:
        response = await client.get("/ready")
    assert response.status_code == 503
    # no exception text, no SQL, no address: just which check is down
    checks = {"database": "down", "database_read": "down", "ffmpeg": "ok"}  # no Redis: jobs run here
    assert response.json() == {"status": "unavailable", "checks": checks}
