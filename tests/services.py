"""Where the real services are, and what to do when one is missing.

With ``CI=true`` a test that needs PostgreSQL or Redis *fails* when the service is not
reachable; elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

import asyncpg
import pytest
from redis.asyncio import Redis

T = TypeVar("T")
REQUIRE_SERVICES = os.environ.get("CI", "").lower() == "true"
PG_HOST = os.environ.get("SOUK_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("SOUK_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("SOUK_TEST_PG_USER", "postgres")
REDIS_URL = os.environ.get("SOUK_TEST_REDIS_URL", "redis://127.0.0.1:6379")


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
    """A Redis logical database claimed for this run (so parallel runs on one machine never
    flush each other's), flushed before and after; yields its URL."""
    db, token = run_blocking(_claim_redis_db())
    url = f"{REDIS_URL}/{db}"
    run_blocking(_flush(url))
    try:
        yield url
    finally:
        run_blocking(_flush(url))
        run_blocking(_release_redis_db(db, token))


_CLAIM_TTL_S = 3 * 3600


async def _claim_redis_db() -> tuple[int, str]:
    token = secrets.token_hex(8)
    client = Redis.from_url(f"{REDIS_URL}/0")
    try:
        for db in random.sample(range(1, 16), 15):
            if await client.set(f"souk-test:claim:{db}", token, nx=True, ex=_CLAIM_TTL_S):
                return db, token
    except Exception as exc:  # any connection failure means the service is missing
        unavailable("Redis", exc)
    finally:
        await client.aclose()
    raise RuntimeError("every Redis test database (1-15) is claimed by another run")


async def _release_redis_db(db: int, token: str) -> None:
    client = Redis.from_url(f"{REDIS_URL}/0")
    try:
        if await client.get(f"souk-test:claim:{db}") == token.encode():
            await client.delete(f"souk-test:claim:{db}")
    finally:
        await client.aclose()


async def _flush(url: str) -> None:
    client = Redis.from_url(url)
    try:
        await client.flushdb()
    except Exception as exc:  # any connection failure means the service is missing
        unavailable("Redis", exc)
    finally:
        await client.aclose()
