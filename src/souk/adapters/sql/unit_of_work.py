from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from souk.application.ports.unit_of_work import UnitOfWork


class SqlUnitOfWork(UnitOfWork):
    """One connection and transaction per use case, opened on first use only."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None

    async def connection(self) -> AsyncConnection:
        if self._connection is None:
            self._connection = await self._engine.connect()
        return self._connection

    async def commit(self) -> None:
        if self._connection is not None and self._connection.in_transaction():
            await self._connection.commit()

    async def rollback(self) -> None:
        if self._connection is not None and self._connection.in_transaction():
            await self._connection.rollback()

    async def close(self) -> None:
        """Whatever was not committed is rolled back."""
        if self._connection is not None:
            connection, self._connection = self._connection, None
            await connection.close()
