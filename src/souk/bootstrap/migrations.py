from __future__ import annotations

from souk.adapters.sql import migrate as sql_migrate
from souk.adapters.sql.database_admin import DatabaseMissing, DatabaseUnreachable, ensure_database
from souk.adapters.sql.engine import create_engine
from souk.bootstrap import keys
from souk.bootstrap.settings import Settings
from souk.domain.shared.public_point import PublicPoints

__all__ = ["DatabaseMissing", "DatabaseUnreachable", "migrate"]


async def migrate(settings: Settings, *, create: bool = False) -> bool:
    """Bring the schema up to date; ``create`` first creates a missing PostgreSQL database.
    Returns whether the database was created. Raises ``DatabaseMissing`` (no such database)
    or ``DatabaseUnreachable`` (no server) with a one-line message."""
    created = False
    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    else:
        created = await ensure_database(settings.database_url, create=create)
    # Not a request: a migration may wait for a running server's writer much longer.
    engine = create_engine(settings.database_url, pool_size=1, pool_timeout_s=max(settings.db_pool_timeout_s, 30.0))
    try:
        places = PublicPoints(keys.location_key(settings)) if settings.location_key_secret else None
        await sql_migrate.upgrade(engine, public_points=places)
    finally:
        await engine.dispose()
    return created
