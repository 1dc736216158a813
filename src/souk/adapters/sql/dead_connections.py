"""Connections PostgreSQL has closed are discarded, never handed out again.

After a restart every pooled connection is dead. asyncpg notices as soon as the server
closes the socket (``is_closed()``), so the checkout guard below swaps a dead connection
for a fresh one before any statement is sent: no round trip per checkout (unlike
``pool_pre_ping``), and no failed request when the restart is already over. A connection
that dies during a statement fails that statement; SQLAlchemy's own execute path then
invalidates it, and ``raw_call`` does the same for the asyncpg fast paths."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from asyncpg import PostgresError  # type: ignore[import-untyped]
from asyncpg.exceptions import ConnectionDoesNotExistError, InternalClientError  # type: ignore[import-untyped]
from sqlalchemy import event, exc
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import greenlet_spawn

from souk.adapters.system.outages import classify
from souk.application.system.outage import DEPENDENCY_UNAVAILABLE


def discard_dead_on_checkout(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "checkout")
    def _on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        driver = getattr(dbapi_connection, "driver_connection", None)
        if driver is not None and driver.is_closed():
            # every connection opened before now is as dead: the pool replaces them all
            raise exc.InvalidatePoolError("the server closed this pooled connection")


async def raw_call(engine: AsyncEngine, method: str, sql: str, args: Sequence[Any] = ()) -> Any:
    """``await <asyncpg connection>.<method>(sql, *args)`` on a pooled connection of
    ``engine`` (``fetch``, ``fetchrow``, ``fetchval``). If it fails because the connection
    is lost, the connection is invalidated (closed and dropped from the pool) instead of
    going back to the pool for the next request. A plain function, not a context manager:
    this is the hottest read path (``/users/me``) and every chat message's write.

    The connection is the pool's own, checked out in one crossing of SQLAlchemy's greenlet
    bridge and checked in without one (a connection with no transaction of SQLAlchemy's has
    nothing to roll back: nothing to await). ``engine.connect()`` crossed it three times
    (connect, ``get_raw_connection``, close): ~69 µs of CPU per call where the statement
    itself costs ~12 µs; this way ~31 µs."""
    proxy = await engine.raw_connection()
    driver = proxy.driver_connection
    assert driver is not None
    try:
        result = await getattr(driver, method)(sql, *args)
    except InternalClientError as error:
        # "another operation is in progress": the server's FATAL (a shutdown) reached this
        # connection while it sat in the pool, and its socket is not closed yet. Nothing
        # was sent; the connection is as good as lost, and the request answers so (503).
        await greenlet_spawn(proxy.invalidate, error)
        raise ConnectionDoesNotExistError("the server ended this pooled connection") from error
    except BaseException as error:
        # Cancelled (``/ready`` gives up after 2 s) or failed other than by an error the
        # server reported for the statement: asyncpg may still be mid-operation on this
        # connection, so it is dropped rather than handed to the next request.
        if driver.is_closed() or not isinstance(error, PostgresError) or _lost(error):
            await greenlet_spawn(proxy.invalidate, error if isinstance(error, Exception) else None)
        else:
            proxy.close()
        raise
    proxy.close()
    return result


def _lost(error: BaseException) -> bool:
    outage = classify(error)
    return outage is not None and outage.code == DEPENDENCY_UNAVAILABLE
