"""Alembic environment: always handed a live connection by ``souk.adapters.sql.migrate``."""

from __future__ import annotations

from alembic import context

from souk.adapters.sql.catalog_schema import include_object
from souk.adapters.sql.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations with `souk migrate`; it supplies the connection.")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
