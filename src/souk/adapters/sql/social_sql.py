"""Small SQL helpers the social adapters share."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Table, literal, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from souk.adapters.catalog_keys import parse_time_key
from souk.adapters.sql.types import UtcDateTime
from souk.application.shared.cursors import SortKey


def upsert_insert(conn: AsyncConnection, table: Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def newer_than(created_at: Any, ident: Any, after: SortKey, *, descending: bool) -> ColumnElement[bool]:
    """Keyset condition on (created_at, id) for a page after ``after``."""
    at, raw_id = parse_time_key(after)
    position = tuple_(literal(at, UtcDateTime()), literal(raw_id, ident.type))
    row = tuple_(created_at, ident)
    return row < position if descending else row > position


def uuid_or_none(value: Any) -> UUID | None:
    return value if value is None or isinstance(value, UUID) else UUID(str(value))
