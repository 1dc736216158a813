"""Which exceptions mean "a dependency is away" or "a pool is exhausted": the one place
that knows the exception types of SQLAlchemy, asyncpg, aiosqlite and redis-py.

An error is judged by its whole chain (``__cause__``, ``__context__``, SQLAlchemy's
``orig``): SQLAlchemy wraps the driver's error, and a bare ``OSError`` raised while
connecting is attributed to the library whose frames it came through."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import asyncpg.exceptions as pg  # type: ignore[import-untyped]
import redis.exceptions as redis_errors
import sqlalchemy.exc as sa

from souk.application.ports.outage_classifier import OutageClassifier
from souk.application.system.outage import BUSY, DATABASE, DEPENDENCY_UNAVAILABLE, REDIS, Outage

_PG_GONE = (
    pg.PostgresConnectionError,  # class 08, ConnectionDoesNotExistError included
    pg.CannotConnectNowError,  # starting up / shutting down
    pg.AdminShutdownError,  # pg_ctl stop/restart -m fast cut the connection
    pg.CrashShutdownError,
    pg.TooManyConnectionsError,
)
_REDIS_GONE = (redis_errors.ConnectionError, redis_errors.TimeoutError)  # BusyLoadingError included
_DATABASE_MODULES = ("asyncpg", "sqlalchemy", "aiosqlite", "sqlite3", "souk.adapters.sql")
_REDIS_MODULES = ("redis", "limits", "saq", "souk.adapters.redis")


class ExceptionOutageClassifier(OutageClassifier):
    def __call__(self, exc: BaseException) -> Outage | None:
        return classify(exc)


def classify(exc: BaseException) -> Outage | None:
    chain = list(_chain(exc))
    for link in chain:
        found = _classify_one(link)
        if found is not None:
            return Outage(found[0], found[1], type(link).__name__)
    for link in chain:  # a bare network error: whose is it?
        if isinstance(link, (ConnectionError, TimeoutError, OSError)) and not isinstance(link, FileNotFoundError):
            dependency = _origin(chain)
            if dependency is not None:
                return Outage(DEPENDENCY_UNAVAILABLE, dependency, type(link).__name__)
    return None


def _classify_one(exc: BaseException) -> tuple[str, str] | None:
    if isinstance(exc, sa.TimeoutError):  # pool checkout timed out
        return BUSY, DATABASE
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return BUSY, DATABASE  # SQLite waited its busy timeout for the writer's lock
    if isinstance(exc, sa.DBAPIError) and exc.connection_invalidated:
        return DEPENDENCY_UNAVAILABLE, DATABASE
    if isinstance(exc, _PG_GONE):
        return DEPENDENCY_UNAVAILABLE, DATABASE
    if isinstance(exc, pg.InterfaceError) and "clos" in str(exc):  # "connection is closed", "pool is closing"
        return DEPENDENCY_UNAVAILABLE, DATABASE
    if isinstance(exc, _REDIS_GONE):
        return DEPENDENCY_UNAVAILABLE, REDIS
    return None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for nxt in (getattr(current, "orig", None), current.__cause__, current.__context__):
            if isinstance(nxt, BaseException):
                pending.append(nxt)
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)


def _origin(chain: list[BaseException]) -> str | None:
    """The dependency whose library code the errors passed through, innermost frame first."""
    for exc in chain:
        modules = []
        tb = exc.__traceback__
        while tb is not None:
            modules.append(str(tb.tb_frame.f_globals.get("__name__", "")))
            tb = tb.tb_next
        for module in reversed(modules):
            if module.startswith(_DATABASE_MODULES):
                return DATABASE
            if module.startswith(_REDIS_MODULES):
                return REDIS
    return None
