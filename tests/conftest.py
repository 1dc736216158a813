from __future__ import annotations

from collections.abc import Iterator

import pytest

from souk.adapters.sql.pool_guard import PoolGuard
from souk.bootstrap.migrations import migrate
from souk.bootstrap.settings import Settings
from tests.media_support import Clip, make_clip, moto_s3_server
from tests.services import run_blocking, scratch_postgres_database, scratch_redis_db
from tests.support import fast_settings

# The rule "one connection per pool per unit of work", checked in every test: the guard
# watches every SQLAlchemy pool of the test process (the app's engines, in-process servers,
# fixtures), and the `souk serve` processes tests start run with their own guard on
# (tests/e2e/test_real_server.py: SOUK_DEBUG_POOL_GUARD=1, their log is checked).
POOL_GUARD = PoolGuard()
POOL_GUARD.install()


@pytest.fixture(autouse=True)
def one_connection_per_pool_per_task(request: pytest.FixtureRequest) -> Iterator[None]:
    POOL_GUARD.take_violations()  # a previous test's leftovers were reported by that test
    yield
    found = POOL_GUARD.take_violations()
    if found and request.node.get_closest_marker("nests_pool_checkouts") is None:
        pytest.fail(
            f"{len(found)} nested pool checkout(s) (a task holding a pooled connection took another):\n\n"
            + "\n\n".join(str(v) for v in found[:3]),
            pytrace=False,
        )


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


# --- media ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Clip]:
    """Short generated clips: landscape with audio, portrait without, QuickTime, WebM (VP9/Opus)."""
    root = tmp_path_factory.mktemp("clips")
    return {
        "landscape": make_clip(root / "landscape.mp4", 1280, 720, 1.5, audio=True),
        "portrait": make_clip(root / "portrait.mp4", 360, 640, 1.0, audio=False),
        "small": make_clip(root / "small.mov", 320, 240, 1.0, audio=True, fmt="mov"),
        "webm": make_clip(root / "small.webm", 320, 240, 1.0, audio=True, fmt="webm"),
    }


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    with moto_s3_server() as url:
        yield url
