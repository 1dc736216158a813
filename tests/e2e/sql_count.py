"""What one request does to the database: pooled connections taken and statements sent."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import structlog
from dishka import AsyncContainer
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.adapters.sql.read_engine import ReadEngine


@dataclass
class SqlCount:
    request_id: str = field(default_factory=lambda: f"sqlcount{uuid.uuid4().hex}")
    checkouts: int = 0
    statements: list[str] = field(default_factory=list)  # PostgreSQL's raw asyncpg reads pass no cursor events
    commits: list[int] = field(default_factory=list)  # each commit: how many statements had been sent by then

    @property
    def header(self) -> dict[str, str]:
        """Send it with the request to count: only what runs under its request id is counted."""
        return {"X-Request-ID": self.request_id}


@asynccontextmanager
async def sql_count(app: Any) -> AsyncIterator[SqlCount]:
    """Counts on the write and read engines of ``app`` (a Souk app) while the block runs, for the
    request sent with ``count.header`` (not the app's background loops or earlier requests'
    publications: outbox, notifications...). SQLite's explicit ``BEGIN`` is not counted."""
    container: AsyncContainer = app.state.dishka_container
    engines = {(await container.get(AsyncEngine)).sync_engine, (await container.get(ReadEngine)).engine.sync_engine}
    count = SqlCount()

    def ours() -> bool:
        return bool(structlog.contextvars.get_contextvars().get("request_id") == count.request_id)

    def on_checkout(*_: object) -> None:
        if ours():
            count.checkouts += 1

    def on_statement(_conn: object, _cursor: object, sql: str, *_: object) -> None:
        if ours() and sql != "BEGIN":
            count.statements.append(sql)

    def on_commit(*_: object) -> None:
        if ours():
            count.commits.append(len(count.statements))

    for engine in engines:
        event.listen(engine, "checkout", on_checkout)
        event.listen(engine, "before_cursor_execute", on_statement)
        event.listen(engine, "commit", on_commit)
    try:
        yield count
    finally:
        for engine in engines:
            event.remove(engine, "checkout", on_checkout)
            event.remove(engine, "before_cursor_execute", on_statement)
            event.remove(engine, "commit", on_commit)
