from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.adapters.sql.dead_connections import raw_call
from souk.application.ports.readiness_probe import ReadinessProbe
from souk.application.system.outage import DATABASE


class SqlReadinessProbe(ReadinessProbe):
    """``SELECT 1`` on a pooled connection of ``engine``, the way requests use it: through
    SQLAlchemy, or (``raw``) straight through asyncpg as the PostgreSQL fast paths do."""

    dependency = DATABASE

    def __init__(self, engine: AsyncEngine, name: str = "database", *, raw: bool = False) -> None:
        self._engine = engine
        self.name = name
        self._raw = raw and engine.dialect.name == "postgresql"

    async def check(self) -> None:
        if self._raw:
            await raw_call(self._engine, "fetchval", "SELECT 1")
            return
        async with self._engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
