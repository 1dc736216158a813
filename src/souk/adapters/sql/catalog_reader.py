"""Feeds and search on SQLite: bounding box + haversine on the products' public points
(never the exact ones), FTS5; keyset pagination on (sort value, id). One product and
saved lists here serve PostgreSQL too (``postgres_catalog_reader`` has PostgreSQL's feeds
and search)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Float, RowMapping, Select, func, literal, literal_column, or_, select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from souk.adapters.catalog_keys import (
    DESCENDING,
    listing_key,
    parse_after,
    parse_time_key,
    relevance_floor,
    time_key,
)
from souk.adapters.sql.product_rows import (
    PRODUCT_COLUMNS,
    SELLER_COLUMNS,
    product_of,
    public_location_of,
    seller_of,
)
from souk.adapters.sql.read_engine import ReadEngine
from souk.adapters.sql.sqlite_functions import distance_to, ensure_sqlite_functions, within_km
from souk.adapters.sql.tables import product_saves, products, users
from souk.adapters.sql.types import UtcDateTime
from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.shared.cursors import SortKey
from souk.domain.catalog import search
from souk.domain.catalog.product import ProductStatus
from souk.domain.catalog.search import SearchCriteria, SearchSort


class SqlCatalogReader(CatalogReader):
    """Runs on the read engine: what use cases read after their commit, and the feeds."""

    def __init__(self, read_engine: ReadEngine) -> None:
        self._engine = read_engine.engine

    async def search(self, criteria: SearchCriteria, after: SortKey | None, limit: int) -> list[Listing]:
        async with self._engine.connect() as conn:
            await ensure_sqlite_functions(conn)
            sort = criteria.effective_sort
            distance = _distance(criteria)
            rank = _rank(criteria)
            query = (
                select(*PRODUCT_COLUMNS, *SELLER_COLUMNS, _label(distance, "distance"), _label(rank, "rank"))
                .join_from(products, users, users.c.id == products.c.seller_id)
                .where(products.c.status == ProductStatus.AVAILABLE.value, *_filters(criteria))
            )
            first = _first_sort_value(sort, distance, rank)
            if after is not None:
                value, ident = parse_after(sort, after)
                bound = tuple_(_bound(sort, value), literal(ident, products.c.id.type))
                query = query.where(
                    tuple_(first, products.c.id) < bound if sort in DESCENDING else tuple_(first, products.c.id) > bound
                )
            floor = None
            if sort is SearchSort.RELEVANCE:
                fixed, floor = relevance_floor(after)
                if not fixed:
                    floor = await _relevance_floor(conn, query)
                if floor is not None:
                    query = query.where(products.c.created_at >= literal(floor, UtcDateTime()))
            order = [first.desc(), products.c.id.desc()] if sort in DESCENDING else [first.asc(), products.c.id.asc()]
            rows = (await conn.execute(query.order_by(*order).limit(limit))).mappings().all()
            listings = []
            for row in rows:
                product = product_of(row)
                key = listing_key(sort, product, row["distance"], row["rank"], floor)
                listings.append(Listing(product, seller_of(row), public_location_of(row), row["distance"], key))
            return listings

    async def listing(self, product_id: UUID) -> Listing | None:
        async with self._engine.connect() as conn:
            row = (await conn.execute(_with_sellers().where(products.c.id == product_id))).mappings().one_or_none()
            return _plain(row) if row else None

    async def listings(self, product_ids: Sequence[UUID]) -> list[Listing]:
        wanted = list(dict.fromkeys(product_ids))
        if not wanted:
            return []
        async with self._engine.connect() as conn:
            rows = (await conn.execute(_with_sellers().where(self._one_of(wanted)))).mappings().all()
        found = {listing.product.id: listing for listing in map(_plain, rows)}
        return [found[p] for p in wanted if p in found]

    def _one_of(self, product_ids: list[UUID]) -> ColumnElement[bool]:
        """``id IN (…)``: one statement, a parameter per id (SQLite has no arrays)."""
        return products.c.id.in_(product_ids)

    async def saved_by(self, user_id: UUID, after: SortKey | None, limit: int) -> list[Listing]:
        async with self._engine.connect() as conn:
            saved_at = product_saves.c.created_at
            query = (
                select(*PRODUCT_COLUMNS, *SELLER_COLUMNS, saved_at.label("saved_at"))
                .join_from(product_saves, products, products.c.id == product_saves.c.product_id)
                .join(users, users.c.id == products.c.seller_id)
                .where(
                    product_saves.c.user_id == user_id,
                    or_(products.c.status != ProductStatus.ARCHIVED.value, products.c.seller_id == user_id),
                )
            )
            if after is not None:
                at, ident = parse_time_key(after)
                query = query.where(
                    tuple_(saved_at, product_saves.c.product_id)
                    < tuple_(literal(at, UtcDateTime()), literal(ident, products.c.id.type))
                )
            query = query.order_by(saved_at.desc(), product_saves.c.product_id.desc()).limit(limit)
            rows = (await conn.execute(query)).mappings().all()
            return [
                Listing(product_of(r), seller_of(r), public_location_of(r), None, time_key(r["saved_at"], r["id"]))
                for r in rows
            ]


def _with_sellers() -> Select[Any]:
    return select(*PRODUCT_COLUMNS, *SELLER_COLUMNS).join_from(products, users, users.c.id == products.c.seller_id)


def _plain(row: RowMapping) -> Listing:
    """A product as ``listing`` gives it: no distance, no position in a list."""
    return Listing(product_of(row), seller_of(row), public_location_of(row), None, ())


async def _relevance_floor(conn: AsyncConnection, query: Select[Any]) -> datetime | None:
    """The created_at of the RELEVANCE_WINDOW-th newest match, or None when there are fewer.
    Walks newest first (status, created_at index) for common words, or the GIN for rare ones."""
    window = search.RELEVANCE_WINDOW
    oldest = (
        query.with_only_columns(products.c.created_at)
        .order_by(None)
        .order_by(products.c.created_at.desc(), products.c.id.desc())
        .offset(window - 1)
        .limit(1)
    )
    found: datetime | None = (await conn.execute(oldest)).scalar_one_or_none()
    return found


def _distance(criteria: SearchCriteria) -> ColumnElement[Any] | None:
    """Kilometres to the public point, by the same haversine as the in-memory adapter."""
    if criteria.area is None:
        return None
    return distance_to(products.c.public_lat, products.c.public_lng, criteria.area.center)


def _rank(criteria: SearchCriteria) -> ColumnElement[Any] | None:
    if not criteria.terms:
        return None
    terms = literal(" ".join(criteria.terms))
    return func.souk_text_rank(terms, products.c.title, products.c.description, type_=Float)


def _filters(criteria: SearchCriteria) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if criteria.hidden_sellers:
        found.append(products.c.seller_id.not_in(sorted(criteria.hidden_sellers)))
    if criteria.feed_type is not None:
        found.append(products.c.feed_type == criteria.feed_type.value)
    if criteria.condition is not None:
        found.append(products.c.condition == criteria.condition.value)
    if criteria.category_ids is not None:
        found.append(products.c.category_id.in_(sorted(criteria.category_ids)))
    if criteria.min_price is not None:
        found.append(products.c.price_amount >= criteria.min_price)
    if criteria.max_price is not None:
        found.append(products.c.price_amount <= criteria.max_price)
    if criteria.terms:
        match = " ".join(f'"{term}"' for term in criteria.terms)
        fts = text("SELECT rowid FROM products_fts WHERE products_fts MATCH :match").bindparams(match=match)
        found.append(literal_column("products.rowid").in_(fts))
    if criteria.area is not None:
        area = criteria.area
        found.extend(within_km(products.c.public_lat, products.c.public_lng, area.center, area.radius_km))
    return found


def _first_sort_value(
    sort: SearchSort, distance: ColumnElement[Any] | None, rank: ColumnElement[Any] | None
) -> ColumnElement[Any]:
    if sort is SearchSort.NEWEST:
        return products.c.created_at
    if sort in (SearchSort.PRICE_ASC, SearchSort.PRICE_DESC):
        return products.c.price_amount
    chosen = distance if sort is SearchSort.DISTANCE else rank
    assert chosen is not None
    return chosen


def _bound(sort: SearchSort, value: Any) -> ColumnElement[Any]:
    if sort is SearchSort.NEWEST:
        return literal(value, UtcDateTime())
    if sort in (SearchSort.PRICE_ASC, SearchSort.PRICE_DESC):
        return literal(value, products.c.price_amount.type)
    return literal(value, Float)


def _label(expression: ColumnElement[Any] | None, name: str) -> ColumnElement[Any]:
    return (expression if expression is not None else literal(None, Float)).label(name)
