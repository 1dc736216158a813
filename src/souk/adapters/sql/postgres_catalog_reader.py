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
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    Integer,
    Select,
    String,
    Uuid,
    bindparam,
    case,
    func,
    literal_column,
    or_,
    select,
    true,
    tuple_,
    union_all,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import CTE

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
from souk.adapters.sql.read_engine import ReadEngine
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


# Words without an area (``_text_search``): how many of the newest available listings a
# newest-first walk reads before the GIN takes over, and the price order's probe (how many of
# the PROBE_SCAN newest listings pass the words and filters: PROBE_COMMON, 0.5 %, is common).
RECENT_SCAN = 30_000
PROBE_SCAN = 2_000
PROBE_COMMON = 10
BOUND_TTL_S = 30.0  # how long a process keeps the RECENT_SCAN-th and PROBE_SCAN-th newest times
EARLIEST = datetime(1, 1, 1, tzinfo=UTC)


class WalkBounds:
    """The created_at of the RECENT_SCAN-th and of the PROBE_SCAN-th newest available
    listing (the earliest time when there are fewer), read again every BOUND_TTL_S: one per
    process (the readers are built per request; reading the bounds per request cost two
    index scans of 30,000 and 2,000 entries on every search). Each process keeps its own: a
    bound only sets how far a walk or the probe reaches, never which rows answer, so a stale
    or a different one on another host changes the cost, not the result."""

    def __init__(self) -> None:
        self._read: tuple[float, datetime, datetime] | None = None  # (monotonic time read, recent, probe)

    async def read(self, engine: AsyncEngine) -> tuple[datetime, datetime]:
        now = time.monotonic()
        if self._read is None or now - self._read[0] > BOUND_TTL_S:
            row = await raw_call(engine, "fetchrow", _BOUNDS_SQL, (RECENT_SCAN - 1, PROBE_SCAN - 1))
            self._read = (now, row[0] or EARLIEST, row[1] or EARLIEST)
        return self._read[1], self._read[2]


class PostgresCatalogReader(SqlCatalogReader):
    """The catalog on PostgreSQL; one product (``listing``), a batch of products
    (``listings``) and saved lists run on the shared Core code of :class:`SqlCatalogReader`."""

    def __init__(self, read_engine: ReadEngine, bounds: WalkBounds | None = None) -> None:
        super().__init__(read_engine)
        self._bounds = bounds or WalkBounds()

    def _one_of(self, product_ids: list[UUID]) -> ColumnElement[bool]:
        """``id = ANY($1)``: one array parameter, so one statement text (and one prepared
        statement per connection) for any number of ids, where ``IN`` makes one per count."""
        return products.c.id == func.any(bindparam("product_ids", product_ids, type_=ARRAY(Uuid())))

    async def search(self, criteria: SearchCriteria, after: SortKey | None, limit: int) -> list[Listing]:
        sort = criteria.effective_sort
        values = _values(criteria, limit)
        if criteria.terms and criteria.area is None:
            values["recent_bound"], values["probe_bound"] = await self._bounds.read(self._engine)
            values["window"] = search.RELEVANCE_WINDOW
            values["probe_common"] = PROBE_COMMON
            values["recent_scan"] = RECENT_SCAN
            values["probe_scan"] = PROBE_SCAN
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


_NEWEST_AT = (
    "(SELECT created_at FROM products WHERE status = 'available' ORDER BY created_at DESC, id DESC OFFSET {} LIMIT 1)"
)
_BOUNDS_SQL = f"SELECT {_NEWEST_AT.format('$1')}, {_NEWEST_AT.format('$2')}"


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
    if shape.terms and not shape.area:
        return _text_search(shape)
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


def _text_search(shape: Shape) -> Select[Any]:
    """Words without an area, in any sort but distance: never every match of a common word.

    Common words are walked in index order and stop at the page (or the relevance window);
    rare ones come from the GIN, all their matches, which are few. Which is which is not left
    to the planner's guess for a prepared statement (a common word's walk chosen for a
    combination that matches nothing reads the whole index): the walk is bounded, and the
    GIN branch runs only when the bounded walk (newest first) or a probe (price order) says
    the words are rare. Both branches are one statement; the one not needed is a one-time
    filter that PostgreSQL never executes."""
    if shape.sort is SearchSort.RELEVANCE:
        return _ranked(shape)
    if shape.sort is SearchSort.NEWEST:
        page = _newest(shape, _limit(), shape.after)
        query = (
            select(*PRODUCT_COLUMNS, _or_null(None, "distance"), _or_null(None, "rank"))
            .join_from(page, products, products.c.id == page.c.id)
            .subquery("page")
        )
        return (
            select(query, *SELLER_COLUMNS, _or_null(None, "floor", UtcDateTime()))
            .join_from(query, users, users.c.id == query.c.seller_id)
            .order_by(query.c.created_at.desc(), query.c.id.desc())
        )
    return _priced(shape)


def _walked(shape: Shape) -> list[ColumnElement[bool]]:
    """The filters with the words tested row by row (``ts_match_vq``, the function behind
    ``@@``): a test the GIN cannot answer, so the planner walks the ordered index."""
    return _where(shape, func.ts_match_vq(SEARCH_VECTOR, _query(), type_=Boolean))


def _indexed(shape: Shape) -> list[ColumnElement[bool]]:
    """The filters with ``@@`` on the query as written: the GIN's own test, which the planner
    can weigh against the filters' indexes (a common word under a narrow price range)."""
    return _where(shape)


def _query() -> ColumnElement[Any]:
    """The tsquery, parsed once per statement (an InitPlan), not once per row."""
    return select(_tsquery()).scalar_subquery()


def _fence(query: Select[Any], name: str) -> Any:
    """``OFFSET 0``: the subquery runs as written (all its rows from the GIN), no ORDER BY or
    LIMIT from outside turns it into a walk."""
    return query.offset(literal_column("0")).subquery(name)


def _probe(shape: Shape) -> ColumnElement[Any]:
    """How many of the PROBE_SCAN newest available listings pass the words and the filters:
    a range of ``ix_products_search_recent`` (index-only), from a bound each process caches."""
    probe_bound = bindparam("probe_bound", type_=UtcDateTime())
    probe = select(func.count().label("n")).where(*_walked(shape), products.c.created_at >= probe_bound).cte("probe")
    return select(probe.c.n).scalar_subquery()


def _newest(shape: Shape, count: ColumnElement[Any], after: bool) -> CTE:
    """The ``count`` newest matches (id, created_at, vector), newest first.

    The walk: newest first over the available listings from ``recent_bound`` on (the
    RECENT_SCAN-th newest, so at most that many index entries; index-only on
    ``ix_products_search_recent``); then the GIN for the older ones, only when fewer than
    ``count`` matched in the walk (rare words: few matches). The probe skips a walk that
    would not fill: when fewer than count in RECENT_SCAN listings are expected to match, the
    walk's range is empty and the GIN reads every match. Bounds and probe decide the cost
    only: the rows are the same for any of them."""
    bound = bindparam("recent_bound", type_=UtcDateTime())
    fills = _probe(shape) * bindparam("recent_scan", type_=Integer()) >= count * bindparam(
        "probe_scan", type_=Integer()
    )
    walk_from = case((fills, bound), else_=literal_column("'infinity'::timestamptz", type_=UtcDateTime()))

    def part(where: list[ColumnElement[bool]]) -> Select[Any]:
        query = select(products.c.id, products.c.created_at, SEARCH_VECTOR.label("vector")).where(*where)
        if after:
            query = query.where(_after(SearchSort.NEWEST, products.c.created_at, products.c.id))
        return query

    newest_first = (products.c.created_at.desc(), products.c.id.desc())
    recent = part(_walked(shape)).where(products.c.created_at >= walk_from).order_by(*newest_first).limit(count)
    found = recent.cte("recent")
    short = select(func.count()).select_from(found).scalar_subquery() < count
    rest = _fence(part(_indexed(shape)).where(_older_than(walk_from), short), "rest")
    older = select(rest).order_by(rest.c.created_at.desc(), rest.c.id.desc()).limit(count)
    both = union_all(select(found), older).subquery("both")
    return select(both).order_by(both.c.created_at.desc(), both.c.id.desc()).limit(count).cte("newest")


def _older_than(walk_from: ColumnElement[Any]) -> ColumnElement[bool]:
    """``created_at < walk_from`` as a row filter the btree cannot serve (``IS TRUE``): the
    bound is a CASE the planner cannot estimate, so it guessed a third of the catalog and
    ANDed the GIN's bitmap with a (status, created_at) index range of every listing (a
    rare word's page spent ~180 ms of its ~250 ms building that bitmap, issue 19)."""
    return (products.c.created_at < walk_from).is_(True)


def _ranked(shape: Shape) -> Select[Any]:
    """Relevance: ranks the newest RELEVANCE_WINDOW matches (see ``domain.catalog.search``),
    found by ``_newest`` on the first page; later pages rank the matches since the window's
    floor (from the cursor): walked from the later of floor and bound, from the GIN below the
    bound. Ties at the floor stay in the window, as before."""
    columns = (products.c.id, products.c.created_at, SEARCH_VECTOR.label("vector"))
    floor: ColumnElement[Any]
    if shape.floor == "find":
        window = bindparam("window", type_=Integer())
        newest = _newest(shape, window, after=False)
        oldest = func.min(newest.c.created_at)
        at = select(case((func.count() >= window, oldest), else_=None)).select_from(newest).cte("window_floor")
        floor = select(at.c[0]).scalar_subquery()
        last = select(newest.c.id).order_by(newest.c.created_at, newest.c.id).limit(1).scalar_subquery()
        ties = select(*columns).where(*_walked(shape), products.c.created_at == floor, products.c.id < last)
        candidates = union_all(select(newest), ties).subquery("candidates")
    elif shape.floor == "at":
        floor = bindparam("floor", type_=UtcDateTime())
        bound = bindparam("recent_bound", type_=UtcDateTime())
        walked = select(*columns).where(*_walked(shape), products.c.created_at >= func.greatest(floor, bound))
        rest = select(*columns).where(
            *_indexed(shape), products.c.created_at >= floor, products.c.created_at < bound, floor < bound
        )
        candidates = union_all(walked, select(_fence(rest, "rest"))).subquery("candidates")
    else:  # fewer matches than the window when the walk began: all of them
        floor = literal_column("NULL", type_=UtcDateTime())
        candidates = _fence(select(*columns).where(*_indexed(shape)), "candidates")
    rank = func.ts_rank(candidates.c.vector, _query(), type_=Float)
    page_query = select(candidates.c.id, rank.label("rank"), floor.label("floor"))
    if shape.after:
        page_query = page_query.where(_after(shape.sort, rank, candidates.c.id))
    page = page_query.order_by(rank.desc(), candidates.c.id.desc()).limit(_limit()).subquery("page")
    return (
        select(*PRODUCT_COLUMNS, _or_null(None, "distance"), page.c.rank, page.c.floor, *SELLER_COLUMNS)
        .join_from(page, products, products.c.id == page.c.id)
        .join(users, users.c.id == products.c.seller_id)
        .order_by(page.c.rank.desc(), page.c.id.desc())
    )


def _priced(shape: Shape) -> Select[Any]:
    """Price order: the (status, price_amount, id) index walked when the words are common,
    the GIN's matches sorted when they are rare. A probe decides: how many of the PROBE_SCAN
    newest listings pass the words and the filters (index-only on ix_products_search_recent)."""
    common = _probe(shape) >= bindparam("probe_common", type_=Integer())
    first = products.c.price_amount

    def part(where: list[ColumnElement[bool]]) -> Select[Any]:
        query = select(*PRODUCT_COLUMNS, _or_null(None, "distance"), _or_null(None, "rank")).where(*where)
        return query.where(_after(shape.sort, first, products.c.id)) if shape.after else query

    walked = part(_walked(shape)).where(common).order_by(*_order(shape.sort, first, products.c.id)).limit(_limit())
    rest = _fence(part(_indexed(shape)).where(~common), "rest")
    rare = select(rest).order_by(*_order(shape.sort, rest.c.price_amount, rest.c.id)).limit(_limit())
    page = union_all(walked, rare).subquery("page")
    return (
        select(page, *SELLER_COLUMNS, _or_null(None, "floor", UtcDateTime()))
        .join_from(page, users, users.c.id == page.c.seller_id)
        .order_by(*_order(shape.sort, page.c.price_amount, page.c.id))
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


def _where(shape: Shape, match: ColumnElement[bool] | None = None) -> list[ColumnElement[bool]]:
    """The shape's filters; ``match`` stands for the words' test (default: ``@@`` on the query)."""
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
        found.append(match if match is not None else SEARCH_VECTOR.op("@@")(_tsquery()))
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
