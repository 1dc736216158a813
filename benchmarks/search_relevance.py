"""Search relevance on a seeded catalog: 200 queries with hand-checkable expectations (issue 19).

Run against a database seeded by ``souk demo seed`` (e.g. the catalog benchmark's 1,000,000
products)::

    uv run python benchmarks/search_relevance.py postgresql://postgres@127.0.0.1/souk_search_1m

It plants 100 products with made-up brand words (``zovelt``, ``kamiro``…) that no seeded
listing has, each beside decoys, searches through Souk's PostgreSQL catalog reader (the
search port, relevance order, 10 results), prints the counts, and deletes what it planted.

- **Planted, 200 queries** — for brand *b* the target is titled "<adjective> *b* <noun>"
  (20 days old); its decoys are newer: three with *b* in the description only, two with *b*
  in the title beside another noun, one with *b* and the noun in the description only.
  Query "*b*" and query "*b* <noun>": the target must be in the top 10 and, for "*b* <noun>",
  first (both words in the title beat everything else). For "*b*" the two title decoys tie
  with it, so only "top 10" is checked there.
- **Rules on the query mix** (``search_mix``'s relevance-sorted queries that match): every
  result holds every query word (title or description), and no result whose title lacks a
  query word ranks above one whose title holds them all. A reader can check each by eye.
"""

from __future__ import annotations

import asyncio
import random
import re
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import asyncpg

from search_mix import UNKNOWN_WORDS, query_mix, title_vocabulary
from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.postgres_catalog_reader import PostgresCatalogReader
from souk.adapters.sql.read_engine import ReadEngine
from souk.application.catalog.demo_data import ADJECTIVES, NOUNS
from souk.application.ports.catalog_reader import Listing
from souk.domain.catalog.category import CategoryTree
from souk.domain.catalog.default_categories import category_id, default_categories
from souk.domain.catalog.search import SearchCriteria, SearchSort, search_terms

SEED = 1919
BRANDS = 100
TOP = 10
PLANTED = uuid.UUID("0d1e7c3a-5e4b-4f4e-9a19-000000000019")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Plant:
    brand: str
    noun: str  # the noun's last word, the one queried
    target: UUID
    rows: list[tuple[UUID, str, str, datetime]]  # (id, title, description, created_at), target first


def brands(count: int, seed: int = SEED) -> list[str]:
    """Made-up words no seeded title or description holds."""
    rnd = random.Random(seed)
    taken = {word for word, _ in title_vocabulary()} | set(UNKNOWN_WORDS)
    found: list[str] = []
    while len(found) < count:
        word = "".join(rnd.choice("bdfgklmnprstvz") + rnd.choice("aeiou") for _ in range(3)) + rnd.choice("ntrsl")
        if word not in taken and word not in found:
            found.append(word)
    return found


def plants(now: datetime) -> list[Plant]:
    rnd = random.Random(SEED)
    nouns = [noun for group in NOUNS.values() for noun in group]
    found = []
    for n, brand in enumerate(brands(BRANDS)):
        noun = rnd.choice(nouns)
        last = noun.split()[-1].lower()
        other = rnd.choice([o for o in nouns if last not in _words(o)])
        adjective = rnd.choice(ADJECTIVES)

        def ident(k: int, n: int = n) -> UUID:
            return uuid.uuid5(PLANTED, f"{n}-{k}")

        old, recent = now - timedelta(days=20), now - timedelta(hours=1)
        rows = [
            (ident(0), f"{adjective} {brand.capitalize()} {noun}", "Planted for the relevance check.", old),
            *[
                (ident(k), f"{rnd.choice(ADJECTIVES)} {other}", f"Fits any {brand} stand, ask me.", recent)
                for k in (1, 2, 3)
            ],
            *[(ident(k), f"{brand.capitalize()} {other}", "Planted decoy.", recent) for k in (4, 5)],
            (ident(6), f"{rnd.choice(ADJECTIVES)} {other}", f"Not a {brand} {noun}, but close.", recent),
        ]
        found.append(Plant(brand, last, ident(0), rows))
    return found


async def plant(conn: asyncpg.Connection, planted: list[Plant]) -> None:
    seller = await conn.fetchval("SELECT id FROM users ORDER BY id LIMIT 1")
    category = category_id("phones")
    records = [
        (pid, seller, title, description, 10_000, "EUR", category, "good", "discover", "[]", "available", at, at)
        for item in planted
        for pid, title, description, at in item.rows
    ]
    await conn.executemany(
        "INSERT INTO products (id, seller_id, title, description, price_amount, price_currency, category_id, "
        "condition, feed_type, image_urls, status, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::json, $11, $12, $13)",
        records,
    )


async def unplant(conn: asyncpg.Connection, planted: list[Plant]) -> None:
    await conn.execute(
        "DELETE FROM products WHERE id = ANY($1::uuid[])", [pid for item in planted for pid, *_ in item.rows]
    )


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


async def check_planted(reader: PostgresCatalogReader, planted: list[Plant]) -> dict[str, int]:
    counts = {"queries": 0, "target in top 10": 0, "target first (brand + noun)": 0, "brand + noun queries": 0}
    for item in planted:
        for query in (item.brand, f"{item.brand} {item.noun}"):
            found = await reader.search(SearchCriteria(terms=search_terms(query), sort=SearchSort.RELEVANCE), None, TOP)
            shown = [listing.product.id for listing in found]
            counts["queries"] += 1
            counts["target in top 10"] += item.target in shown
            if query != item.brand:
                counts["brand + noun queries"] += 1
                counts["target first (brand + noun)"] += bool(shown) and shown[0] == item.target
    return counts


async def check_rules(reader: PostgresCatalogReader) -> dict[str, int]:
    tree = CategoryTree(default_categories())
    counts = {"mix queries (relevance, with results)": 0, "every result holds every word": 0, "titles first": 0}
    seen = set()
    for item in query_mix():
        key = (item.words, item.category_slug, item.min_price, item.max_price)
        if item.sort != "relevance" or key in seen:
            continue
        seen.add(key)
        categories = tree.with_descendants(category_id(item.category_slug)) if item.category_slug else None
        criteria = SearchCriteria(
            terms=search_terms(" ".join(item.words)),
            category_ids=categories,
            min_price=item.min_price,
            max_price=item.max_price,
            sort=SearchSort.RELEVANCE,
        )
        found: list[Listing] = await reader.search(criteria, None, TOP)
        if not found:
            continue
        terms = set(criteria.terms)
        counts["mix queries (relevance, with results)"] += 1
        holds = [terms <= _words(x.product.title) | _words(x.product.description) for x in found]
        counts["every result holds every word"] += all(holds)
        in_title = [terms <= _words(x.product.title) for x in found]
        # once a result lacks a word in its title, no later one has them all there
        first_gap = in_title.index(False) if False in in_title else len(in_title)
        counts["titles first"] += not any(in_title[first_gap:])
    return counts


async def main(url: str) -> int:
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn)
    planted = plants(datetime.now(UTC))
    engine = create_engine(dsn.replace("postgresql://", "postgresql+asyncpg://"), autocommit=True)
    reader = PostgresCatalogReader(ReadEngine(engine))
    try:
        await unplant(conn, planted)
        await plant(conn, planted)
        results = {**await check_planted(reader, planted), **await check_rules(reader)}
    finally:
        await unplant(conn, planted)
        await conn.close()
        await engine.dispose()
    for name, value in results.items():
        print(f"{name}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1])))
