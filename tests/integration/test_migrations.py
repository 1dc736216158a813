from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from souk.adapters.sql import migrate as sql_migrate
from souk.adapters.sql.catalog_schema import include_object
from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.tables import metadata
from tests.services import scratch_postgres_database
from tests.support import fast_settings


async def schema_drift(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(
                lambda c: compare_metadata(
                    MigrationContext.configure(c, opts={"include_object": include_object}), metadata
                )
            )
    finally:
        await engine.dispose()


async def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


async def round_trip(url: str) -> None:
    engine = create_engine(url)
    try:
        await sql_migrate.upgrade(engine)
        assert await schema_drift(url) == []
        assert {"users", "refresh_tokens", "otp_challenges"} <= await tables(url)
        await sql_migrate.downgrade(engine, "base")
        assert await tables(url) <= {"alembic_version"}
        await sql_migrate.upgrade(engine)
        await sql_migrate.upgrade(engine)  # idempotent
        assert await schema_drift(url) == []
    finally:
        await engine.dispose()


async def test_migrations_match_the_tables_on_sqlite(tmp_path: Path) -> None:
    await round_trip(fast_settings(tmp_path).database_url)


@pytest.mark.postgres
def test_migrations_match_the_tables_on_postgres() -> None:
    from tests.services import run_blocking

    with scratch_postgres_database("souk_migrations") as url:
        run_blocking(round_trip(url))
