from __future__ import annotations

from souk.adapters.sql import migrate as sql_migrate
from souk.adapters.sql.engine import create_engine
from souk.bootstrap import keys
from souk.bootstrap.settings import Settings
from souk.domain.shared.public_point import PublicPoints


async def migrate(settings: Settings) -> None:
    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    # Not a request: a migration may wait for a running server's writer much longer.
    engine = create_engine(settings.database_url, pool_size=1, pool_timeout_s=max(settings.db_pool_timeout_s, 30.0))
    try:
        places = PublicPoints(keys.location_key(settings)) if settings.location_key_secret else None
        await sql_migrate.upgrade(engine, public_points=places)
    finally:
        await engine.dispose()
