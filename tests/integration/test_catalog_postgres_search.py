"""Search by words on PostgreSQL (issue 19): a common word is walked newest first (or in price
order) and stops at the page or the relevance window, a rare one comes from the GIN; either
way the rows are exactly those of the plain definition, written out here as reference SQL
(every match, the window's floor, ts_rank), on every page, with ties at the floor."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.adapters.sql import postgres_catalog_reader as reader_module
from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.postgres_catalog_reader import PostgresCatalogReader
from souk.adapters.sql.read_engine import ReadEngine
from souk.application.ports.catalog_reader import Listing
from souk.domain.catalog import search as search_rules
from souk.domain.catalog.default_categories import category_id
from souk.domain.catalog.search import SearchCriteria, SearchSort, search_terms
from tests.services import migrate_database, run_blocking, scratch_postgres_database

pytestmark = [pytest.mark.postgres]

PRODUCTS = 3_000
WINDOW = 40
PAGE = 7
PHONES, BIKES = category_id("phones"), category_id("bicycles")


def title_and_description(n: int, rnd: random.Random) -> tuple[str, str]:
    """'common' in half the listings (title or description), 'medium' in 1 of 25, 'rare' in 1 of
    250, 'lonely' in none that is available; 'zzz' nowhere."""
    title, description = ["Item"], ["Plain words."]
    if n % 2 == 0:
        (title if rnd.random() < 0.5 else description).append("common")
    if n % 25 == 3:
        (title if rnd.random() < 0.5 else description).append("medium")
    if n % 250 == 7:
        (title if rnd.random() < 0.7 else description).append("rare")
    if n == 11:
        title.append("lonely")
    return " ".join(title), " ".join(description)


async def seed(url: str) -> None:
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn)
    rnd = random.Random(19)
    try:
        seller = uuid.uuid4()
        now = datetime(2026, 12, 1, tzinfo=UTC)
        await conn.execute(
            "INSERT INTO users (id, username, display_name, password_hash, notification_settings, created_at, "
            "updated_at) VALUES ($1, 'searcher', 'Searcher', 'x', '{}'::json, $2, $2)",
            seller,
            now,
        )
        rows = []
        for n in range(PRODUCTS):
            title, description = title_and_description(n, rnd)
            at = now - timedelta(seconds=(n * 7919 % PRODUCTS) // 3)  # three listings per second: ties
            status = "sold" if n % 10 == 9 or n == 11 else "available"
            category = PHONES if n % 3 else BIKES
            rows.append((uuid.uuid4(), seller, title, description, rnd.randint(100, 10_000), category, status, at))
        # 'tied': ten at their own times, then sixty sharing one second; of those, the twenty with
        # the lowest ids (last in the walk's newest-first order) hold the word in the title.
        tied_ids = sorted(uuid.uuid4() for _ in range(60))
        for n in range(70):
            at = now - timedelta(hours=1, seconds=min(n, 10))
            ident = tied_ids[n - 10] if n >= 10 else uuid.uuid4()
            titled = 10 <= n < 30
            title, description = ("Item tied", "Plain words.") if titled else ("Item", "Plain tied words.")
            rows.append((ident, seller, title, description, 500 + n, PHONES, "available", at))
        await conn.executemany(
            "INSERT INTO products (id, seller_id, title, description, price_amount, price_currency, category_id, "
            "condition, feed_type, image_urls, status, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, 'EUR', $6, 'good', 'discover', '[]'::json, $7, $8, $8)",
            rows,
        )
        await conn.execute("ANALYZE products")
    finally:
        await conn.close()


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    with scratch_postgres_database("souk_search") as url:

        async def prepare() -> None:
            await migrate_database(url)
            await seed(url)

        run_blocking(prepare())
        yield url


@pytest.fixture
async def reader(database: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[PostgresCatalogReader]:
    """Small reaches so that both branches run on a few thousand listings: the walk looks at
    the 300 newest, the probe at 100, the window is 40."""
    monkeypatch.setattr(reader_module, "RECENT_SCAN", 300)
    monkeypatch.setattr(reader_module, "PROBE_SCAN", 100)
    monkeypatch.setattr(reader_module, "PROBE_COMMON", 5)
    monkeypatch.setattr(search_rules, "RELEVANCE_WINDOW", WINDOW)
    engine = create_engine(database, autocommit=True)
    try:
        yield PostgresCatalogReader(ReadEngine(engine))
    finally:
        await engine.dispose()


def reference_sql(criteria: SearchCriteria) -> tuple[str, list[Any]]:
    """Every available match, in the sort's order; relevance ranks the matches from the
    window's floor (the WINDOW-th newest match's time) on."""
    where = ["status = 'available'", "search_vector @@ to_tsquery('simple', $1)"]
    args: list[Any] = [" & ".join(criteria.terms)]
    if criteria.category_ids is not None:
        args.append(sorted(criteria.category_ids))
        where.append(f"category_id = ANY(${len(args)}::uuid[])")
    if criteria.min_price is not None:
        args.append(criteria.min_price)
        where.append(f"price_amount >= ${len(args)}")
    if criteria.max_price is not None:
        args.append(criteria.max_price)
        where.append(f"price_amount <= ${len(args)}")
    matches = "SELECT * FROM products WHERE " + " AND ".join(where)
    order = {
        SearchSort.NEWEST: "created_at DESC, id DESC",
        SearchSort.PRICE_ASC: "price_amount ASC, id ASC",
        SearchSort.PRICE_DESC: "price_amount DESC, id DESC",
    }
    if criteria.sort in order:
        return f"SELECT id FROM ({matches}) m ORDER BY {order[criteria.sort]}", args
    floor = f"(SELECT created_at FROM ({matches}) m ORDER BY created_at DESC, id DESC OFFSET {WINDOW - 1} LIMIT 1)"
    ranked = (
        f"SELECT id FROM ({matches}) m WHERE {floor} IS NULL OR created_at >= {floor} "
        "ORDER BY ts_rank(search_vector, to_tsquery('simple', $1)) DESC, id DESC"
    )
    return ranked, args


async def expected(database: str, criteria: SearchCriteria) -> list[uuid.UUID]:
    sql, args = reference_sql(criteria)
    conn = await asyncpg.connect(database.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        return [row["id"] for row in await conn.fetch(sql, *args)]
    finally:
        await conn.close()


async def walk(reader: PostgresCatalogReader, criteria: SearchCriteria) -> list[uuid.UUID]:
    """Every page, each from the previous one's last key, as the cursor carries it."""
    shown: list[uuid.UUID] = []
    after = None
    while True:
        page: list[Listing] = await reader.search(criteria, after, PAGE)
        shown += [listing.product.id for listing in page]
        if len(page) < PAGE:
            return shown
        after = page[-1].key


QUERIES = ["common", "medium", "rare", "common medium", "common rare", "lonely", "zzz", "medium common rare"]
FILTERS: list[dict[str, Any]] = [
    {},
    {"category_ids": frozenset({BIKES})},
    {"min_price": 2_000, "max_price": 3_000},
]


@pytest.mark.parametrize("sort", [SearchSort.RELEVANCE, SearchSort.NEWEST, SearchSort.PRICE_ASC, SearchSort.PRICE_DESC])
@pytest.mark.parametrize("query", QUERIES)
async def test_every_page_holds_what_the_plain_definition_does(
    reader: PostgresCatalogReader, database: str, query: str, sort: SearchSort
) -> None:
    for filters in FILTERS:
        criteria = SearchCriteria(terms=search_terms(query), sort=sort, **filters)
        want = await expected(database, criteria)
        assert await walk(reader, criteria) == want, (query, sort, filters)


async def test_ties_at_the_floor_stay_in_the_window(reader: PostgresCatalogReader, database: str) -> None:
    """Sixty matches share the time of the window's 40th newest: all of them are in the window,
    and the best ranked of them (the first page) are those a LIMIT would have cut."""
    criteria = SearchCriteria(terms=("tied",), sort=SearchSort.RELEVANCE)
    window = await walk(reader, criteria)
    assert len(window) == 70
    assert window == await expected(database, criteria)


async def plan(reader: PostgresCatalogReader, engine: AsyncEngine, criteria: SearchCriteria) -> str:
    """EXPLAIN ANALYZE of the statement the reader sends for the first page."""
    captured: list[tuple[str, Any]] = []
    fetch = PostgresCatalogReader._fetch

    async def capture(self: PostgresCatalogReader, sql: str, arguments: Any) -> list[Any]:
        captured.append((sql, arguments))
        return await fetch(self, sql, arguments)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PostgresCatalogReader, "_fetch", capture)
        await reader.search(criteria, None, PAGE)
    (statement, arguments), *_ = captured
    async with engine.connect() as conn:
        driver = (await conn.get_raw_connection()).driver_connection
        assert driver is not None
        # Small tables tempt the planner to scan; forbidding that shows the GIN branch as such.
        await driver.execute("SET enable_seqscan = off")
        try:
            rows = await driver.fetch("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + statement, *arguments)
        finally:
            await driver.execute("RESET enable_seqscan")
    return "\n".join(row[0] for row in rows)


def gin_heap_scans(text: str) -> list[str]:
    """The plan's reads of the GIN index (each feeds a heap scan of every match)."""
    return [line for line in text.splitlines() if "Bitmap Index Scan on ix_products_search_vector" in line]


@pytest.mark.parametrize("sort", [SearchSort.RELEVANCE, SearchSort.NEWEST, SearchSort.PRICE_ASC])
async def test_a_common_word_never_reads_all_its_matches(
    reader: PostgresCatalogReader, database: str, sort: SearchSort
) -> None:
    """The regression of issue 19: a word in half the listings was ranked by reading every
    match. Now the GIN is never read for it, and it is for a rare one."""
    engine = create_engine(database, autocommit=True)
    try:
        common = await plan(reader, engine, SearchCriteria(terms=("common",), sort=sort))
        rare = await plan(reader, engine, SearchCriteria(terms=("rare",), sort=sort))
    finally:
        await engine.dispose()
    assert all("never executed" in line for line in gin_heap_scans(common)), common
    assert any("never executed" not in line for line in gin_heap_scans(rare)), rare
