from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from souk.application.ports.unit_of_work import UnitOfWork


class SqlUnitOfWork(UnitOfWork):
    """One connection and transaction per use case, opened on first use only and returned
    to the pool as soon as the transaction ends (a request goes on to publish, read and
    answer after its commit: holding an idle write connection meanwhile only starves the
    pool). A later statement takes a connection again, in a new transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._deferred: dict[Callable[[], Awaitable[None]], Callable[[], None]] = {}

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    def before_commit(self, flush: Callable[[], Awaitable[None]], discard: Callable[[], None]) -> None:
        """Run ``flush`` (once) just before the next commit, in the transaction; ``discard``
        instead if the transaction rolls back. Lets an adapter batch its writes (the
        outbox's rows: one INSERT at commit instead of one round trip per event)."""
        self._deferred[flush] = discard

    @property
    def open_connection(self) -> AsyncConnection | None:
        """The connection a statement of this unit of work holds, None between transactions."""
        return self._connection

    async def connection(self) -> AsyncConnection:
        if self._connection is None:
            self._connection = await self._engine.connect()
        return self._connection

    async def commit(self) -> None:
        deferred, self._deferred = self._deferred, {}
        try:
            for flush in deferred:
                await flush()
        except BaseException:
            for discard in deferred.values():
                discard()
            raise
        if self._connection is not None and self._connection.in_transaction():
            await self._connection.commit()
        await self._release()

    def _discard_deferred(self) -> None:
        deferred, self._deferred = self._deferred, {}
        for discard in deferred.values():
            discard()

    async def rollback(self) -> None:
        self._discard_deferred()
        if self._connection is not None and self._connection.in_transaction():
            await self._connection.rollback()
        await self._release()

    async def close(self) -> None:
        """Whatever was not committed is rolled back."""
        self._discard_deferred()
        await self._release()

    async def _release(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            await connection.close()
