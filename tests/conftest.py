from __future__ import annotations

from collections.abc import Iterator

import pytest

from souk.bootstrap.migrations import migrate
from souk.bootstrap.settings import Settings
from tests.services import run_blocking, scratch_postgres_database, scratch_redis_db
from tests.support import fast_settings

# Session resources are synchronous fixtures (each sets up in its own short event loop),
# so a parametrised fixture can request the PostgreSQL one only for its postgres case.


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with scratch_postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    with scratch_redis_db() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_settings(tmp_path_factory: pytest.TempPathFactory, postgres_url: str, redis_url: str) -> Settings:
    settings = fast_settings(tmp_path_factory.mktemp("pg"), postgres_url, redis_url)
    run_blocking(migrate(settings))
    return settings


@pytest.fixture(scope="session")
def sqlite_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = fast_settings(tmp_path_factory.mktemp("sqlite"))
    run_blocking(migrate(settings))
    return settings


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])])
def backend_settings(request: pytest.FixtureRequest) -> Settings:
    """The app's two real deployments: embedded SQLite, and PostgreSQL + Redis."""
    settings: Settings = request.getfixturevalue(f"{request.param}_settings")
    return settings
