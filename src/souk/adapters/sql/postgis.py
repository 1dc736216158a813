"""PostGIS pieces the PostgreSQL queries share: points as ``geography`` on WGS 84, and
distances on the sphere (the great circle the in-memory and SQLite adapters measure)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, literal_column

WGS84: ColumnElement[Any] = literal_column("4326")
SPHERE: ColumnElement[Any] = literal_column("false")  # use_spheroid: the sphere, as ``<->`` measures


def geography(lng: Any, lat: Any) -> ColumnElement[Any]:
    """The point (values or bound parameters) as ``geography(Point, 4326)``."""
    return func.geography(func.ST_SetSRID(func.ST_MakePoint(lng, lat), WGS84))
