"""The catalog generation on PostgreSQL (migration 0024): it moves in the same transaction as
every change a search page could show, and only then — the search cache of every process on
every host is right because of it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest

from souk.adapters.search_cache import SearchCache
from souk.adapters.sql.cached_catalog_reader import CachedCatalogReader
from souk.adapters.sql.catalog_generation import CatalogGeneration, catalog_generation
from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.listing_counters import ListingCounters
from souk.adapters.sql.postgres_catalog_reader import PostgresCatalogReader
from souk.adapters.sql.read_engine import ReadEngine
from souk.adapters.sql.tables import products
from souk.application.ports.catalog_reader import Listing
from souk.domain.catalog.default_categories import category_id
from souk.domain.catalog.search import SearchCriteria, search_terms
from tests.services import migrate_database, run_blocking, scratch_postgres_database

pytestmark = [pytest.mark.postgres]

COUNTERS = {"saves_count", "likes_count", "views_count"}
NOW = datetime(2026, 12, 7, tzinfo=UTC)


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    with scratch_postgres_database("souk_generation") as url:
        run_blocking(migrate_database(url))
        yield url


@pytest.fixture
async def conn(database: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(database.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        yield connection
    finally:
        await connection.close()


async def generation(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT sum(n) FROM catalog_generation"))


async def seller(conn: asyncpg.Connection) -> uuid.UUID:
    ident = uuid.uuid4()
    await conn.execute(
        "INSERT INTO users (id, username, display_name, password_hash, notification_settings, created_at, updated_at)"
        " VALUES ($1, $2, 'Seller', 'x', '{}'::json, $3, $3)",
        ident,
        f"s{ident.hex[:12]}",
        NOW,
    )
    return ident


async def listing(conn: asyncpg.Connection, seller_id: uuid.UUID, title: str) -> uuid.UUID:
    ident = uuid.uuid4()
    await conn.execute(
        "INSERT INTO products (id, seller_id, title, description, price_amount, price_currency, category_id, "
        "condition, feed_type, image_urls, status, created_at, updated_at) "
        "VALUES ($1, $2, $3, '', 1000, 'EUR', $4, 'good', 'discover', '[]'::json, 'available', $5, $5)",
        ident,
        seller_id,
        title,
        category_id("phones"),
        NOW,
    )
    return ident


async def test_every_change_a_page_shows_moves_the_generation(conn: asyncpg.Connection) -> None:
    seller_id = await seller(conn)
    steps = [
        ("a new listing", None),
        ("UPDATE products SET title = 'Renamed' WHERE id = $1", "product"),
        ("UPDATE products SET price_amount = 900 WHERE id = $1", "product"),
        ("UPDATE products SET status = 'sold' WHERE id = $1", "product"),
        ("UPDATE users SET display_name = 'New name' WHERE id = $1", "seller"),
        ("UPDATE users SET seller_tier = 'pro' WHERE id = $1", "seller"),
        ("DELETE FROM products WHERE id = $1", "product"),
    ]
    product = None
    for sql, target in steps:
        before = await generation(conn)
        if target is None:
            product = await listing(conn, seller_id, "Phone")
        else:
            await conn.execute(sql, product if target == "product" else seller_id)
        assert await generation(conn) > before, sql


async def test_counters_and_other_user_columns_leave_it_alone(conn: asyncpg.Connection) -> None:
    seller_id = await seller(conn)
    product = await listing(conn, seller_id, "Phone")
    before = await generation(conn)
    await conn.execute("UPDATE products SET likes_count = likes_count + 1, saves_count = 2 WHERE id = $1", product)
    await conn.execute("UPDATE users SET updated_at = $2 WHERE id = $1", seller_id, NOW)
    assert await generation(conn) == before


async def test_a_rolled_back_change_does_not_move_it_and_a_reader_sees_the_bump_with_the_change(
    conn: asyncpg.Connection, database: str
) -> None:
    seller_id = await seller(conn)
    before = await generation(conn)
    other = await asyncpg.connect(database.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        async with conn.transaction():
            await listing(conn, seller_id, "Uncommitted")
            assert await generation(other) == before  # not before the commit
        assert await generation(other) > before
        moved = await generation(other)
        tx = conn.transaction()
        await tx.start()
        await listing(conn, seller_id, "Rolled back")
        await tx.rollback()
        assert await generation(other) == moved
    finally:
        await other.close()


async def test_the_trigger_covers_every_products_column_but_the_counters(conn: asyncpg.Connection) -> None:
    """A column added to products without being added to the trigger would let a cached page
    show its old value: this fails first."""
    covered = await conn.fetch(
        "SELECT a.attname FROM pg_trigger t JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = ANY(t.tgattr)"
        " WHERE t.tgname = 'products_catalog_changed'"
    )
    assert {row["attname"] for row in covered} == {column.name for column in products.c} - COUNTERS


async def test_the_cached_reader_answers_a_change_at_once(database: str, conn: asyncpg.Connection) -> None:
    """Read-your-writes through the cache: the page read before a change is never served after it."""
    engine = create_engine(database, autocommit=True)
    read_engine = ReadEngine(engine)
    cache: SearchCache[Listing] = SearchCache(100)
    reader = CachedCatalogReader(PostgresCatalogReader(read_engine), CatalogGeneration(read_engine), cache)
    word = f"w{uuid.uuid4().hex[:10]}"
    criteria = SearchCriteria(terms=search_terms(word))
    try:
        seller_id = await seller(conn)
        first = await listing(conn, seller_id, f"{word} phone")
        assert [x.product.id for x in await reader.search(criteria, None, 20)] == [first]
        assert [x.product.id for x in await reader.search(criteria, None, 20)] == [first]
        assert cache.hits == 1
        second = await listing(conn, seller_id, f"{word} case")
        assert {x.product.id for x in await reader.search(criteria, None, 20)} == {first, second}
        await conn.execute("UPDATE users SET display_name = 'Renamed seller' WHERE id = $1", seller_id)
        shown = await reader.search(criteria, None, 20)
        assert {x.seller.display_name for x in shown} == {"Renamed seller"}
        assert await generation(conn) == await catalog_generation(read_engine)
    finally:
        await engine.dispose()


async def test_an_old_cached_page_gets_the_counters_without_a_new_search(
    database: str, conn: asyncpg.Connection
) -> None:
    """Past its time to live, a kept page is brought up to date by its listings' counters
    (likes, saves, views: the only columns the generation does not follow), read by id."""
    engine = create_engine(database, autocommit=True)
    read_engine = ReadEngine(engine)
    cache: SearchCache[Listing] = SearchCache(100, ttl_s=0.0)
    inner = PostgresCatalogReader(read_engine)
    searches = 0
    search = inner.search

    async def counted(*args: Any) -> list[Listing]:
        nonlocal searches
        searches += 1
        return await search(*args)

    inner.search = counted  # type: ignore[method-assign]
    reader = CachedCatalogReader(inner, CatalogGeneration(read_engine), cache, ListingCounters(read_engine))
    word = f"w{uuid.uuid4().hex[:10]}"
    criteria = SearchCriteria(terms=search_terms(word))
    try:
        seller_id = await seller(conn)
        first = await listing(conn, seller_id, f"{word} lamp")
        assert [x.product.likes_count for x in await reader.search(criteria, None, 20)] == [0]
        moved = await generation(conn)
        await conn.execute("UPDATE products SET likes_count = 7, saves_count = 3 WHERE id = $1", first)
        assert await generation(conn) == moved  # counters do not move the generation
        await reader.search(criteria, None, 20)  # the old page, its counters read behind
        for _ in range(50):
            await asyncio.sleep(0.01)
            shown = (await reader.search(criteria, None, 20))[0].product
            if shown.likes_count == 7:
                break
        assert (shown.likes_count, shown.saves_count, searches) == (7, 3, 1)
    finally:
        await engine.dispose()


async def test_writers_on_the_same_shard_neither_wait_nor_deadlock(database: str, conn: asyncpg.Connection) -> None:
    """Two transactions whose ids fall on the same shard: the first holds its shard, the
    second writes another listing at once (a free shard), and the first may then write
    that listing after the second commits. Bumping after the statement on the transaction's
    own shard, the second waited for the shard holding the listing's row lock, and the
    first's next write closed a deadlock (a multi-product cart or webhook batch meeting an
    accept)."""
    url = database.replace("postgresql+asyncpg://", "postgresql://")
    first, second = await asyncpg.connect(url), await asyncpg.connect(url)
    try:
        owner = await seller(conn)
        a, b = await listing(conn, owner, "first lamp"), await listing(conn, owner, "second lamp")
        first_tx = first.transaction()
        await first_tx.start()
        first_id = int(await first.fetchval("SELECT txid_current()"))
        await first.execute("UPDATE products SET title = 'first lamp, brass' WHERE id = $1", a)
        while (int(await conn.fetchval("SELECT txid_current()")) + 1) % 16 != first_id % 16:
            pass  # burn transaction ids until the next one shares the first's shard
        second_tx = second.transaction()
        await second_tx.start()
        assert int(await second.fetchval("SELECT txid_current()")) % 16 == first_id % 16
        await second.execute("SET LOCAL lock_timeout = '2s'")
        await second.execute("UPDATE products SET title = 'second lamp, brass' WHERE id = $1", b)  # no wait
        await second_tx.commit()
        await first.execute("UPDATE products SET title = 'second lamp, copper' WHERE id = $1", b)
        await first_tx.commit()
        titles = await conn.fetch("SELECT title FROM products WHERE id = ANY($1) ORDER BY title", [a, b])
        assert [row["title"] for row in titles] == ["first lamp, brass", "second lamp, copper"]
    finally:
        await first.close()
        await second.close()
