"""Run the Alembic migrations shipped inside the package, on SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.domain.shared.public_point import PublicPoints

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection | None = None, public_points: PublicPoints | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    config.attributes["public_points"] = public_points  # fills public points of existing rows (0011)
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head", public_points: PublicPoints | None = None) -> None:
    """``public_points`` is needed only when existing rows with places get their public points."""
    async with engine.begin() as conn:
        await conn.run_sync(lambda sync_conn: command.upgrade(alembic_config(sync_conn, public_points), revision))


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(lambda sync_conn: command.downgrade(alembic_config(sync_conn), revision))
