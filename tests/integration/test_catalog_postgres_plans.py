"""PostgreSQL answers the community feed and search through the GiST and GIN indexes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.adapters.sql import postgres_catalog_reader
from souk.adapters.sql.postgres_catalog_reader import PostgresCatalogReader
from souk.adapters.sql.read_engine import ReadEngine
from souk.application.catalog.browse_community import BrowseCommunity
from souk.application.catalog.search_products import SearchProducts, SearchQuery
from souk.application.catalog.seed_demo import SeedDemoData
from souk.application.ports.suspensions import Suspensions
from souk.bootstrap.container import build_container
from souk.bootstrap.settings import Settings

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture(scope="module")
async def container(postgres_settings: Settings) -> AsyncIterator[Any]:
    container = build_container(postgres_settings)
    async with container() as request:
        await (await request.get(SeedDemoData))(50, 30_000)
    engine = await container.get(AsyncEngine)
    async with engine.begin() as conn:
        await conn.exec_driver_sql("ANALYZE products")
    yield container
    await container.close()


async def plan_of(container: Any, use_case: type, *args: Any) -> str:
    """Runs the use case, captures the product query it sent, and EXPLAINs that query."""
    engine: AsyncEngine = (await container.get(ReadEngine)).engine  # queries run there
    captured: list[tuple[str, Any]] = []
    fetch = PostgresCatalogReader._fetch

    async def capture(self: PostgresCatalogReader, sql: str, arguments: Any) -> list[Any]:
        captured.append((sql, arguments))
        return await fetch(self, sql, arguments)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PostgresCatalogReader, "_fetch", capture)
        async with container() as request:
            await (await request.get(use_case))(*args)
    assert len(captured) == 1, captured  # one round trip per page
    statement, arguments = captured[0]
    async with engine.connect() as conn:
        driver = (await conn.get_raw_connection()).driver_connection
        assert driver is not None
        # Small tables tempt the planner to scan; forbidding that shows the index *applies*.
        await driver.execute("SET enable_seqscan = off")
        try:
            rows = await driver.fetch("EXPLAIN " + statement, *arguments)
        finally:
            await driver.execute("RESET enable_seqscan")
        return "\n".join(r[0] for r in rows)


async def test_community_feed_uses_the_gist_index(container: Any) -> None:
    plan = await plan_of(container, BrowseCommunity, 48.8566, 2.3522, 10.0, None, 20)
    assert "ix_products_public_location" in plan, plan
    assert "st_dwithin" in plan.lower(), plan


async def test_search_uses_the_gin_index(container: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Words are walked over the newest RECENT_SCAN listings first (all 30,000 here by default);
    # the GIN serves the older ones, so a reach smaller than the catalog shows it (issue 19).
    monkeypatch.setattr(postgres_catalog_reader, "RECENT_SCAN", 1_000)
    plan = await plan_of(container, SearchProducts, SearchQuery(q="thinkpad"), None, 20)
    assert "ix_products_search_vector" in plan, plan
    assert "ix_products_search_recent" in plan, plan
    # the GIN's matches are filtered by time row by row: a (status, created_at) range ANDed
    # into the bitmap read every listing's index entry (~180 ms at 1,000,000 products)
    assert "BitmapAnd" not in plan, plan


async def test_search_near_a_point_uses_the_gist_index(container: Any) -> None:
    query = SearchQuery(lat=51.5074, lng=-0.1278, radius_km=5, sort="distance")
    plan = await plan_of(container, SearchProducts, query, None, 20)
    assert "ix_products_public_location" in plan, plan


async def test_suspensions_in_force_read_the_partial_index(container: Any) -> None:
    # Asked on every feed and search request (``Visibility.hidden_from``): a scan of every
    # user there cost ~20 ms of PostgreSQL per request at 20,000 users (issue 19).
    engine: AsyncEngine = (await container.get(ReadEngine)).engine
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if "suspended_until" in statement:
            captured.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    try:
        async with container() as request:
            await (await request.get(Suspensions)).in_force(datetime.now(UTC))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", capture)
    assert len(captured) == 1, captured
    statement, parameters = captured[0]
    async with engine.connect() as conn:
        driver = (await conn.get_raw_connection()).driver_connection
        assert driver is not None
        await driver.execute("SET enable_seqscan = off")
        try:
            rows = await driver.fetch("EXPLAIN " + statement, *parameters)
        finally:
            await driver.execute("RESET enable_seqscan")
    plan = "\n".join(r[0] for r in rows)
    assert "ix_users_suspended" in plan, plan
