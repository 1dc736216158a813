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

from sqlalchemy import event, exc
from sqlalchemy.ext.asyncio import AsyncEngine

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
    this is the hottest read path (``/users/me``)."""
    async with engine.connect() as conn:
        driver = (await conn.get_raw_connection()).driver_connection
        assert driver is not None
        try:
            return await getattr(driver, method)(sql, *args)
        except Exception as error:
            if driver.is_closed() or _lost(error):
                await conn.invalidate(error)
            raise


def _lost(error: BaseException) -> bool:
    outage = classify(error)
    return outage is not None and outage.code == DEPENDENCY_UNAVAILABLE
