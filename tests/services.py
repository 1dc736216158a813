"""Where the real services are, and what to do when one is missing.

With ``CI=true`` a test that needs PostgreSQL or Redis *fails* when the service is not
reachable; elsewhere it is skipped with the reason.

PostgreSQL: ``SOUK_TEST_PG_HOST`` / ``SOUK_TEST_PG_PORT`` / ``SOUK_TEST_PG_USER`` (default
127.0.0.1:5432, ``postgres``), where each run creates and drops databases of its own.
Redis: a redis-server the run starts itself, unless ``SOUK_TEST_REDIS_URL`` is set.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import tempfile
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import asyncpg
import pytest
from redis.asyncio import Redis

from souk.adapters.sql import migrate as sql_migrate
from souk.adapters.sql.engine import create_engine

T = TypeVar("T")
REQUIRE_SERVICES = os.environ.get("CI", "").lower() == "true"
PG_HOST = os.environ.get("SOUK_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("SOUK_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("SOUK_TEST_PG_USER", "postgres")
REDIS_URL = os.environ.get("SOUK_TEST_REDIS_URL", "")  # empty: the suite starts its own redis-server


async def migrate_database(url: str) -> None:
    """Every migration, on the database at ``url`` (a scratch one of a test module)."""
    engine = create_engine(url)
    try:
        await sql_migrate.upgrade(engine)
    finally:
        await engine.dispose()


def run_blocking(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to the end on its own loop in its own thread: usable from sync
    fixtures whether or not the test's event loop is already running."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def unavailable(service: str, reason: object) -> NoReturn:
    message = f"{service} is not reachable: {reason}"
    if REQUIRE_SERVICES:
        pytest.fail(f"{message} (CI=true: services are required)")
    pytest.skip(message)


@contextmanager
def scratch_postgres_database(prefix: str = "souk_test") -> Iterator[str]:
    """A fresh database for this test run, dropped afterwards; yields its SQLAlchemy URL.
    Synchronous (its own event loop) so any fixture can ask for it lazily."""
    name = f"{prefix}_{secrets.token_hex(6)}"
    run_blocking(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+asyncpg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        run_blocking(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _admin(statement: str) -> None:
    try:
        admin = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres", timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        unavailable("PostgreSQL", exc)
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


@contextmanager
def scratch_redis_db() -> Iterator[str]:
    """The suite's Redis; yields its URL. By default a redis-server of the run's own on a free
    port, without persistence, stopped afterwards: nothing else on the machine is touched.
    ``SOUK_TEST_REDIS_URL`` names an existing Redis database instead, which the suite then
    owns: it is flushed before and after the run."""
    if REDIS_URL:
        run_blocking(_flush(REDIS_URL))
        try:
            yield REDIS_URL
        finally:
            run_blocking(_flush(REDIS_URL))
        return
    from tests.e2e.own_redis import own_redis

    workdir = Path(tempfile.mkdtemp(prefix="souk-test-redis-"))
    try:
        with own_redis(workdir) as server:
            yield server.url
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


async def _flush(url: str) -> None:
    client = Redis.from_url(url)
    try:
        await client.flushdb()
    except Exception as exc:  # any connection failure means the service is missing
        unavailable("Redis", exc)
    finally:
        await client.aclose()
