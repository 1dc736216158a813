"""The catalog's migration matches ``metadata`` on both dialects, apart from the listed
dialect-only objects (which drift checks skip with ``catalog_schema.include_object``)."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from souk.adapters.sql.catalog_schema import (
    DIALECT_ONLY_INDEXES,
    DIALECT_ONLY_TABLES,
    SQLITE_ONLY_INDEXES,
    include_object,
)
from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.tables import metadata
from souk.bootstrap.settings import Settings


async def drift(settings: Settings, **opts: Any) -> list[Any]:
    engine = create_engine(settings.database_url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(lambda c: compare_metadata(MigrationContext.configure(c, opts=opts), metadata))
    finally:
        await engine.dispose()


def names(diffs: list[Any]) -> set[str]:
    found = set()
    for diff in diffs:
        if diff[0] in ("remove_table", "remove_index"):
            found.add(diff[1].name)
        elif diff[0] == "remove_column":
            found.add(f"{diff[2]}.{diff[3].name}")
        else:
            found.add(repr(diff))
    return found


async def test_sqlite_schema_matches_but_for_fts5(sqlite_settings: Settings) -> None:
    assert await drift(sqlite_settings, include_object=include_object) == []
    assert names(await drift(sqlite_settings)) <= DIALECT_ONLY_TABLES | SQLITE_ONLY_INDEXES
    assert "products_fts" in names(await drift(sqlite_settings))


@pytest.mark.postgres
async def test_postgres_schema_matches_but_for_postgis_and_tsvector(postgres_settings: Settings) -> None:
    assert await drift(postgres_settings, include_object=include_object) == []
    extras = names(await drift(postgres_settings))
    postgis = {"spatial_ref_sys", "products.public_location", "products.search_vector", "users.public_home"}
    search_cache = {"catalog_generation"}  # the generation the search cache is keyed by (0024)
    assert extras == postgis | search_cache | DIALECT_ONLY_INDEXES
