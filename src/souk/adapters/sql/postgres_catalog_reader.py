"""Feeds and search on PostgreSQL: PostGIS (GiST, KNN) and tsvector (GIN), one statement
per page, compiled once per query shape and sent with asyncpg's ``fetch``.

Every page is one round trip. The users table is joined for the returned rows only: the
page is chosen from products alone (ordered, limited) in a subquery first. Statements are
SQLAlchemy Core, compiled once for each shape (sort, which filters, first page or not) and
cached; values travel as parameters. That skips SQLAlchemy's statement building, compile
cache lookups and result processing (~0.6 ms of CPU per feed page, measured at 1,000,000
products) but not its pool: connections come from the read engine.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    Float,
    Integer,
    Select,
    String,
    Uuid,
    bindparam,
    func,
    literal_column,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.elements import ColumnElement

from souk.adapters.catalog_keys import DESCENDING, listing_key, parse_after, relevance_floor
from souk.adapters.sql.catalog_reader import SqlCatalogReader
from souk.adapters.sql.dead_connections import raw_call
from souk.adapters.sql.postgis import SPHERE, geography
from souk.adapters.sql.product_rows import (
    PRODUCT_COLUMNS,
    SELLER_COLUMNS,
    product_of,
    public_location_of,
    seller_of,
)
from souk.adapters.sql.tables import products, users
from souk.adapters.sql.types import UtcDateTime
from souk.application.ports.catalog_reader import Listing
from souk.application.shared.cursors import SortKey
from souk.domain.catalog import search
from souk.domain.catalog.product import ProductStatus
from souk.domain.catalog.search import SearchCriteria, SearchSort

# The public point (migration 0011): radius, distance and nearest-first never see the exact one.
LOCATION: ColumnElement[Any] = literal_column("products.public_location")
SEARCH_VECTOR: ColumnElement[Any] = literal_column("products.search_vector")
SIMPLE: ColumnElement[Any] = literal_column("'simple'::regconfig")
AVAILABLE: ColumnElement[Any] = literal_column(f"'{ProductStatus.AVAILABLE.value}'")
_DIALECT = postgresql.asyncpg.dialect()  # type: ignore[no-untyped-call]


class Shape(NamedTuple):
    """What decides a statement's text; the values travel as parameters."""

    sort: SearchSort
    terms: bool
    feed_type: bool
    condition: bool
    categories: bool
    min_price: bool
    max_price: bool
    area: bool
    after: bool
    hidden: bool  # the viewer has sellers to leave out (blocks, suspensions)
    floor: str  # relevance only: "find" (first page), "at" (from the cursor), "none" (fewer matches than the window)


class Statement(NamedTuple):
    sql: str
    names: tuple[str, ...]  # the parameter names in $1, $2, … order
    constants: dict[str, Any]  # the values of parameters the statement fixes itself (e.g. LIMIT 1)

    def arguments(self, values: dict[str, Any]) -> list[Any]:
        return [self.constants[name] if name in self.constants else values[name] for name in self.names]


class PostgresCatalogReader(SqlCatalogReader):
    """The catalog on PostgreSQL; one product (``listing``) and saved lists run on the
    shared Core code of :class:`SqlCatalogReader`."""

    async def search(self, criteria: SearchCriteria, after: SortKey | None, limit: int) -> list[Listing]:
        sort = criteria.effective_sort
        values = _values(criteria, limit)
        floor_mode = "none"
        if after is not None:
            values["after_value"], values["after_id"] = parse_after(sort, after)
        if sort is SearchSort.RELEVANCE:
            fixed, floor = relevance_floor(after)
            floor_mode = "find" if not fixed else "at" if floor is not None else "none"
            values["floor"] = floor
            values["window_offset"] = search.RELEVANCE_WINDOW - 1
        shape = Shape(
            sort,
            bool(criteria.terms),
            criteria.feed_type is not None,
            criteria.condition is not None,
            criteria.category_ids is not None,
            criteria.min_price is not None,
            criteria.max_price is not None,
            criteria.area is not None,
            after is not None,
            bool(criteria.hidden_sellers),
            floor_mode,
        )
        statement = compiled(shape)
        rows = await self._fetch(statement.sql, statement.arguments(values))
        listings = []
        for row in rows:
            product = product_of(row)
            distance = row["distance"]
            km = distance / 1000.0 if distance is not None else None
            floor_at = row["floor"] if sort is SearchSort.RELEVANCE else None
            key = listing_key(sort, product, distance, row["rank"], floor_at)
            listings.append(Listing(product, seller_of(row), public_location_of(row), km, key))
        return listings

    async def _fetch(self, sql: str, args: Sequence[Any]) -> list[Any]:
        rows: list[Any] = await raw_call(self._engine, "fetch", sql, args)
        return rows


def _values(criteria: SearchCriteria, limit: int) -> dict[str, Any]:
    values: dict[str, Any] = {"limit": limit}
    if criteria.terms:
        values["query"] = " & ".join(criteria.terms)
    if criteria.feed_type is not None:
        values["feed_type"] = criteria.feed_type.value
    if criteria.condition is not None:
        values["condition"] = criteria.condition.value
    if criteria.category_ids is not None:
        values["categories"] = sorted(criteria.category_ids)
    if criteria.hidden_sellers:
        values["hidden"] = sorted(criteria.hidden_sellers)
    values["min_price"] = criteria.min_price
    values["max_price"] = criteria.max_price
    if criteria.area is not None:
        values["lat"] = criteria.area.center.lat
        values["lng"] = criteria.area.center.lng
        values["radius_m"] = criteria.area.radius_km * 1000.0
    return values


@functools.cache
def compiled(shape: Shape) -> Statement:
    """The shape's statement, built and compiled once per process."""
    found = build(shape).compile(dialect=_DIALECT)
    names = tuple(found.positiontup or ())
    constants = {name: found.binds[name].effective_value for name in names if not found.binds[name].required}
    return Statement(str(found), names, constants)


def build(shape: Shape) -> Select[Any]:
    if shape.sort is SearchSort.RELEVANCE:
        return _relevance(shape)
    distance = _distance() if shape.area else None
    first = _first(shape.sort, distance)
    page_query = select(*PRODUCT_COLUMNS, _or_null(distance, "distance"), _or_null(None, "rank")).where(*_where(shape))
    if shape.after:
        page_query = page_query.where(_after(shape.sort, first, products.c.id))
    if shape.sort is SearchSort.DISTANCE:
        assert distance is not None
        page_query = page_query.where(*_within_horizon(shape, distance))
    page = page_query.order_by(*_order(shape.sort, first, products.c.id)).limit(_limit()).subquery("page")
    return (
        select(page, *SELLER_COLUMNS, _or_null(None, "floor", UtcDateTime()))
        .join_from(page, users, users.c.id == page.c.seller_id)
        .order_by(*_order(shape.sort, page.c[_first_name(shape.sort)], page.c.id))
    )


def _within_horizon(shape: Shape, distance: ColumnElement[Any]) -> list[ColumnElement[bool]]:
    """Nearest first with an (distance, id) tie-break, fast on millions of rows.

    Ordered by ``<->`` alone, the GiST index walks nearest first (KNN) and stops at the
    limit: that gives the distance of the page's last row, the horizon. The page itself
    then only looks inside the horizon (ties included), through the index again, instead
    of sorting everything within the radius. With fewer rows than the limit, the horizon
    is the farthest of them: still every row the page can hold."""
    knn = select(distance.label("d")).where(*_where(shape))
    if shape.after:
        knn = knn.where(_after(shape.sort, distance, products.c.id))
    nearest = knn.order_by(distance).limit(_limit()).subquery("nearest")
    horizon = select(func.max(nearest.c.d).label("d")).cte("horizon")
    reach = select(horizon.c.d).scalar_subquery()
    return [
        func.ST_DWithin(LOCATION, _point(), reach + literal_column("1.0"), SPHERE),  # the index's search box
        distance <= reach,
    ]


def _relevance(shape: Shape) -> Select[Any]:
    """Ranks the newest RELEVANCE_WINDOW matches (see ``domain.catalog.search``). One scan
    of the matches gives their time and rank; the window's oldest time (the floor) and the
    page come from that; products and users are read again for the page's rows only."""
    rank = func.ts_rank(SEARCH_VECTOR, _tsquery(), type_=Float)
    matches_query = select(products.c.id, products.c.created_at, rank.label("rank")).where(*_where(shape))
    if shape.floor == "at":
        matches_query = matches_query.where(products.c.created_at >= bindparam("floor", type_=UtcDateTime()))
    matches = matches_query.cte("matches")
    if shape.floor == "find":
        oldest = (
            select(matches.c.created_at)
            .order_by(matches.c.created_at.desc(), matches.c.id.desc())
            .offset(bindparam("window_offset", type_=Integer()))
            .limit(1)
            .scalar_subquery()
        )
        window = select(oldest.label("at")).cte("window_floor")
        page_query = (
            select(matches.c.id, matches.c.rank, window.c.at.label("floor"))
            .join_from(matches, window, true())
            .where(or_(window.c.at.is_(None), matches.c.created_at >= window.c.at))
        )
    else:
        floor = bindparam("floor", type_=UtcDateTime())
        page_query = select(matches.c.id, matches.c.rank, floor.label("floor"))
    if shape.after:
        page_query = page_query.where(_after(shape.sort, matches.c.rank, matches.c.id))
    page = page_query.order_by(*_order(shape.sort, matches.c.rank, matches.c.id)).limit(_limit()).subquery("page")
    return (
        select(*PRODUCT_COLUMNS, _or_null(None, "distance"), page.c.rank, page.c.floor, *SELLER_COLUMNS)
        .join_from(page, products, products.c.id == page.c.id)
        .join(users, users.c.id == products.c.seller_id)
        .order_by(*_order(shape.sort, page.c.rank, page.c.id))
    )


def _where(shape: Shape) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = [products.c.status == AVAILABLE]
    if shape.hidden:
        found.append(products.c.seller_id != func.all(bindparam("hidden", type_=ARRAY(Uuid()))))
    if shape.feed_type:
        found.append(products.c.feed_type == bindparam("feed_type", type_=String()))
    if shape.condition:
        found.append(products.c.condition == bindparam("condition", type_=String()))
    if shape.categories:
        found.append(products.c.category_id == func.any(bindparam("categories", type_=ARRAY(Uuid()))))
    if shape.min_price:
        found.append(products.c.price_amount >= bindparam("min_price", type_=BigInteger()))
    if shape.max_price:
        found.append(products.c.price_amount <= bindparam("max_price", type_=BigInteger()))
    if shape.terms:
        found.append(SEARCH_VECTOR.op("@@")(_tsquery()))
    if shape.area:
        radius = bindparam("radius_m", type_=Float())
        found.append(func.ST_DWithin(LOCATION, _point(), radius, SPHERE))
    return found


def _point() -> ColumnElement[Any]:
    lng, lat = bindparam("lng", type_=Float()), bindparam("lat", type_=Float())
    return geography(lng, lat)


def _distance() -> ColumnElement[Any]:
    """Metres on the sphere; ``<->`` is also what the GiST index orders by (KNN)."""
    return LOCATION.op("<->", return_type=Float)(_point())


def _tsquery() -> ColumnElement[Any]:
    return func.to_tsquery(SIMPLE, bindparam("query", type_=String()))


def _limit() -> ColumnElement[Any]:
    return bindparam("limit", type_=Integer())


def _first(sort: SearchSort, distance: ColumnElement[Any] | None) -> ColumnElement[Any]:
    if sort is SearchSort.NEWEST:
        return products.c.created_at
    if sort in (SearchSort.PRICE_ASC, SearchSort.PRICE_DESC):
        return products.c.price_amount
    assert distance is not None
    return distance


def _first_name(sort: SearchSort) -> str:
    if sort is SearchSort.NEWEST:
        return "created_at"
    if sort in (SearchSort.PRICE_ASC, SearchSort.PRICE_DESC):
        return "price_amount"
    return "distance"


def _after(sort: SearchSort, first: ColumnElement[Any], ident: ColumnElement[Any]) -> ColumnElement[bool]:
    kind: Any = (
        UtcDateTime()
        if sort is SearchSort.NEWEST
        else BigInteger()
        if sort in (SearchSort.PRICE_ASC, SearchSort.PRICE_DESC)
        else Float()
    )
    bound = tuple_(bindparam("after_value", type_=kind), bindparam("after_id", type_=Uuid()))
    here = tuple_(first, ident)
    return here < bound if sort in DESCENDING else here > bound


def _order(sort: SearchSort, first: ColumnElement[Any], ident: ColumnElement[Any]) -> list[ColumnElement[Any]]:
    return [first.desc(), ident.desc()] if sort in DESCENDING else [first.asc(), ident.asc()]


def _or_null(expression: ColumnElement[Any] | None, name: str, kind: Any = None) -> ColumnElement[Any]:
    if expression is not None:
        return expression.label(name)
    return literal_column("NULL", type_=kind or Float()).label(name)
