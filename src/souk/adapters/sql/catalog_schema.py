"""Catalog schema objects that exist only on one dialect and so cannot live in the shared
``metadata``: PostGIS/tsvector generated columns and their GiST/GIN indexes, PostGIS's
``spatial_ref_sys``, SQLite's FTS5 table with its shadow tables, and expression indexes
written per dialect. Schema-drift checks
and autogenerate pass ``include_object`` so they are not reported as drift."""

from __future__ import annotations

from typing import Any

DIALECT_ONLY_TABLES = frozenset(
    {
        "spatial_ref_sys",  # created by CREATE EXTENSION postgis
        "catalog_generation",  # PostgreSQL: what the search cache is keyed by (0024)
        "products_fts",
        "products_fts_data",
        "products_fts_idx",
        "products_fts_content",
        "products_fts_docsize",
        "products_fts_config",
    }
)
DIALECT_ONLY_COLUMNS = frozenset(
    {("products", "public_location"), ("products", "search_vector"), ("users", "public_home")}
)
DIALECT_ONLY_INDEXES = frozenset(
    {
        "ix_products_public_location",
        "ix_products_search_vector",
        "ix_products_search_recent",  # PostgreSQL: covers the tsvector for search's newest-first walk (0022)
        "uq_conversations_direct_pair",  # least/greatest on PostgreSQL, min/max on SQLite
        "ix_users_public_home",  # PostgreSQL: GiST on the generated geography (migration 0011)
    }
)
SQLITE_ONLY_INDEXES = frozenset({"ix_users_home_public_lat_lng"})  # the bounding box's (neighbours by home)


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic ``include_object`` hook: False for the catalog's dialect-only objects."""
    if type_ == "table":
        return name not in DIALECT_ONLY_TABLES
    if type_ == "column":
        return (getattr(obj.table, "name", None), name) not in DIALECT_ONLY_COLUMNS
    if type_ == "index":
        return name not in DIALECT_ONLY_INDEXES | SQLITE_ONLY_INDEXES
    return True
