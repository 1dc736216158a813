from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import CursorResult, Executable, ScalarResult
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.adapters.sql.unit_of_work import SqlUnitOfWork


class Statements(Protocol):
    """What a repository runs its statements on: the unit of work's connection (one
    transaction) or a read session (a pooled connection per statement)."""

    @property
    def dialect(self) -> Dialect: ...

    async def execute(self, statement: Executable, parameters: Any = None) -> CursorResult[Any]: ...


class SqlReadSession:
    """A request's reads on the read engine: each statement checks a connection out, runs,
    and returns it with the result already buffered. A read connection is thus never held
    while the task awaits anything else (another pool, Redis, a client), so a burst can
    never fill the read pool with connections whose tasks wait for a second one. Nothing is
    lost: the read engine is AUTOCOMMIT on PostgreSQL (one statement, one transaction
    anyway) and on SQLite each statement reads its own WAL snapshot."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._statements = _StatementPerConnection(engine)

    @property
    def engine(self) -> AsyncEngine:
        """For the hottest reads, sent straight to a pooled asyncpg connection (``raw_call``)."""
        return self._statements.engine

    async def connection(self) -> _StatementPerConnection:
        return self._statements


class _StatementPerConnection:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    @property
    def dialect(self) -> Dialect:
        return self._engine.dialect

    async def execute(self, statement: Executable, parameters: Any = None) -> CursorResult[Any]:
        async with self._engine.connect() as conn:
            return await conn.execute(statement, parameters)  # an async execute buffers every row

    async def scalar(self, statement: Executable, parameters: Any = None) -> Any:
        return (await self.execute(statement, parameters)).scalar()

    async def scalars(self, statement: Executable, parameters: Any = None) -> ScalarResult[Any]:
        return (await self.execute(statement, parameters)).scalars()


# The repositories that serve both a use case's transaction and a request's reads.
SqlSession = SqlUnitOfWork | SqlReadSession
