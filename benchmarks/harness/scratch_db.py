"""A throwaway PostgreSQL database for one benchmark run: created empty, dropped at the end."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import asyncpg


@dataclass(frozen=True)
class ScratchDatabase:
    name: str
    host: str
    port: int
    user: str

    def url(self, driver: str = "postgresql+asyncpg") -> str:
        return f"{driver}://{self.user}@{self.host}:{self.port}/{self.name}"

    def pin_backends(self, core: int) -> int:
        """Pin every PostgreSQL backend serving this database to ``core``; returns how many.
        Call after the pools have filled (after warm-up): new connections start unpinned."""
        return asyncio.run(self._pin_backends(core))

    async def _pin_backends(self, core: int) -> int:
        conn = await asyncpg.connect(host=self.host, port=self.port, user=self.user, database=self.name)
        try:
            rows = await conn.fetch("SELECT pid FROM pg_stat_activity WHERE datname = $1", self.name)
        finally:
            await conn.close()
        pinned = 0
        for row in rows:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.sched_setaffinity(row["pid"], {core})
                pinned += 1
        return pinned


@contextlib.contextmanager
def scratch_database(
    prefix: str = "souk_bench", host: str = "127.0.0.1", port: int = 5432, user: str = "postgres"
) -> Iterator[ScratchDatabase]:
    db = ScratchDatabase(f"{prefix}_{secrets.token_hex(4)}", host, port, user)
    asyncio.run(_admin(db, f'CREATE DATABASE "{db.name}"'))
    try:
        yield db
    finally:
        asyncio.run(_admin(db, f'DROP DATABASE IF EXISTS "{db.name}" WITH (FORCE)'))


async def _admin(db: ScratchDatabase, sql: str) -> None:
    conn = await asyncpg.connect(host=db.host, port=db.port, user=db.user, database="postgres")
    try:
        await conn.execute(sql)
    finally:
        await conn.close()
