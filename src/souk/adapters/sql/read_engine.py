from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine


@dataclass(frozen=True, slots=True)
class ReadEngine:
    """The engine queries run on: autocommit on PostgreSQL (a single-statement read needs
    no BEGIN/ROLLBACK round trips), deferred snapshots on SQLite (never behind the writer)."""

    engine: AsyncEngine
