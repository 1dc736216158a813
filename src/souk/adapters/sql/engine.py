from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from souk.adapters.sql import pool_guard
from souk.adapters.sql.dead_connections import discard_dead_on_checkout

# Short by default: a request that cannot get a connection in a few seconds is better
# answered "busy" (and retried) than left hanging while the whole burst piles up behind it.
DEFAULT_POOL_TIMEOUT_S = 5.0


def create_engine(
    url: str,
    *,
    pool_size: int = 10,
    pool_timeout_s: float = DEFAULT_POOL_TIMEOUT_S,
    echo: bool = False,
    autocommit: bool = False,
) -> AsyncEngine:
    """``autocommit`` is for read-only queries. On PostgreSQL every statement is then its own
    transaction (one round trip instead of three); on SQLite reads take a deferred
    transaction, a WAL snapshot that never waits for the writer.

    Waiting longer than ``pool_timeout_s`` for a pooled connection raises
    ``sqlalchemy.exc.TimeoutError``; on SQLite a writer waiting as long for the database's
    write lock raises ``sqlalchemy.exc.OperationalError`` ("database is locked")."""
    if url.startswith("sqlite"):
        engine = create_async_engine(
            url,
            echo=echo,
            pool_size=pool_size,
            max_overflow=0,
            pool_timeout=pool_timeout_s,
            connect_args={"timeout": pool_timeout_s},
        )
        _tune_sqlite(engine, "BEGIN" if autocommit else "BEGIN IMMEDIATE", busy_timeout_ms=round(pool_timeout_s * 1000))
        pool_guard.label(engine.sync_engine.pool, pool_guard.READ if autocommit else pool_guard.WRITE)
        return engine
    options: dict[str, Any] = {"isolation_level": "AUTOCOMMIT"} if autocommit else {}
    # No overflow: an overflow connection is closed as soon as the pool has room again, so
    # bursty traffic kept opening and closing PostgreSQL connections (hundreds per second
    # under load, 40 % of throughput lost). A fixed pool makes a burst wait a moment instead.
    engine = create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=0,
        pool_timeout=pool_timeout_s,
        pool_pre_ping=False,
        json_serializer=_json_encode,
        json_deserializer=msgspec.json.decode,
        **options,
    )
    discard_dead_on_checkout(engine)
    pool_guard.label(engine.sync_engine.pool, pool_guard.READ if autocommit else pool_guard.WRITE)
    return engine


def _json_encode(value: Any) -> str:
    return msgspec.json.encode(value).decode()


def _tune_sqlite(engine: AsyncEngine, begin: str, busy_timeout_ms: int) -> None:
    """WAL for concurrent readers; writers BEGIN IMMEDIATE so two of them queue instead of
    deadlocking on a read-to-write lock upgrade (which busy_timeout cannot resolve). A writer
    waits for the lock as long as a request waits for a pooled connection, no longer."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms:d}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)
