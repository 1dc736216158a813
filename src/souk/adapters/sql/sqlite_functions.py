"""Python functions the SQLite catalog queries call: the exact distance and the text rank,
the same code the in-memory adapter uses, so both backends agree to the last bit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Float, func, literal, or_
from sqlalchemy.ext.asyncio import AsyncConnection

from souk.domain.catalog.location import bounding_box
from souk.domain.catalog.search import text_rank
from souk.domain.shared.geo import GeoPoint

_FLAG = "souk_catalog_functions"


def distance_km(lat1: float | None, lng1: float | None, lat2: float, lng2: float) -> float | None:
    if lat1 is None or lng1 is None:
        return None
    return GeoPoint(lat1, lng1).distance_km(GeoPoint(lat2, lng2))


def distance_to(lat: Any, lng: Any, center: GeoPoint) -> ColumnElement[Any]:
    """Kilometres from ``center`` to the row's point, by the in-memory adapter's haversine."""
    return func.souk_distance_km(lat, lng, literal(center.lat), literal(center.lng), type_=Float)


def within_km(lat: Any, lng: Any, center: GeoPoint, radius_km: float) -> list[ColumnElement[bool]]:
    """The row's point lies within ``radius_km`` of ``center``: a bounding box an index on
    ``lat`` can serve, then the exact distance."""
    low_lat, high_lat, lng_ranges = bounding_box(center, radius_km)
    return [
        lat.between(low_lat, high_lat),
        or_(*(lng.between(a, b) for a, b in lng_ranges)),
        distance_to(lat, lng, center) <= radius_km,
    ]


def rank(terms: str, title: str, description: str) -> float:
    return text_rank(tuple(terms.split(" ")), title, description)


async def ensure_sqlite_functions(conn: AsyncConnection) -> None:
    """Registers once per pooled DBAPI connection (``info`` lives as long as it does)."""
    if conn.dialect.name != "sqlite" or conn.info.get(_FLAG):
        return
    raw = await conn.get_raw_connection()
    dbapi = raw.dbapi_connection
    assert dbapi is not None

    def register(_: object) -> None:
        dbapi.create_function("souk_distance_km", 4, distance_km, deterministic=True)
        dbapi.create_function("souk_text_rank", 3, rank, deterministic=True)

    await conn.run_sync(register)
    conn.info[_FLAG] = True
