from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine


@dataclass(frozen=True, slots=True)
class ReadEngine:
    """The engine queries run on. On PostgreSQL its connections are in autocommit: a
    single-statement read needs no BEGIN/ROLLBACK round trips. On SQLite it is the main
    engine (reads there are local calls, and WAL keeps them off the writer's way)."""

    engine: AsyncEngine
