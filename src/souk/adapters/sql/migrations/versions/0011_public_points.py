"""public points: every answer about a place reads its public point, never the exact one

Adds ``products.public_lat/public_lng`` and ``users.home_public_lat/home_public_lng``, filled
for existing rows with the keyed public-point function (the key comes from the caller, see
``souk.adapters.sql.migrate.upgrade``). On PostgreSQL the generated geography columns and
their GiST indexes move from the exact points (``products.location``, ``users.home``) to the
public ones (``products.public_location``, ``users.public_home``); on SQLite the
bounding-box indexes move likewise. No index or generated column on an exact point remains.

Revision ID: 0011_public_points
Revises: 0010_neighbours
Create Date: 2026-12-06
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa
from alembic import context, op

from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.public_point import PublicPoints

revision = "0011_public_points"
down_revision = "0010_neighbours"
branch_labels = None
depends_on = None

_BATCH = 5_000


def _geography(lat: str, lng: str) -> str:
    return f"""geography(Point, 4326) GENERATED ALWAYS AS (
        CASE WHEN {lat} IS NULL OR {lng} IS NULL THEN NULL
        ELSE ST_SetSRID(ST_MakePoint({lng}, {lat}), 4326)::geography END) STORED"""


def upgrade() -> None:
    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("public_lat", sa.Float()))
        batch.add_column(sa.Column("public_lng", sa.Float()))
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("home_public_lat", sa.Float()))
        batch.add_column(sa.Column("home_public_lng", sa.Float()))
    _backfill()
    op.drop_index("ix_products_lat_lng", table_name="products")
    op.create_index("ix_products_public_lat_lng", "products", ["public_lat", "public_lng"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_products_location")
        op.execute("ALTER TABLE products DROP COLUMN IF EXISTS location")
        op.execute(f"ALTER TABLE products ADD COLUMN public_location {_geography('public_lat', 'public_lng')}")
        op.execute("CREATE INDEX ix_products_public_location ON products USING gist (public_location)")
        op.execute("DROP INDEX IF EXISTS ix_users_home")
        op.execute("ALTER TABLE users DROP COLUMN IF EXISTS home")
        op.execute(f"ALTER TABLE users ADD COLUMN public_home {_geography('home_public_lat', 'home_public_lng')}")
        op.execute("CREATE INDEX ix_users_public_home ON users USING gist (public_home)")
    else:
        op.drop_index("ix_users_home_lat_lng", table_name="users")
        op.create_index("ix_users_home_public_lat_lng", "users", ["home_public_lat", "home_public_lng"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_users_public_home")
        op.execute("ALTER TABLE users DROP COLUMN IF EXISTS public_home")
        op.execute(f"ALTER TABLE users ADD COLUMN home {_geography('home_lat', 'home_lng')}")
        op.execute("CREATE INDEX ix_users_home ON users USING gist (home)")
        op.execute("DROP INDEX IF EXISTS ix_products_public_location")
        op.execute("ALTER TABLE products DROP COLUMN IF EXISTS public_location")
        op.execute(f"ALTER TABLE products ADD COLUMN location {_geography('lat', 'lng')}")
        op.execute("CREATE INDEX ix_products_location ON products USING gist (location)")
    else:
        op.drop_index("ix_users_home_public_lat_lng", table_name="users")
        op.create_index("ix_users_home_lat_lng", "users", ["home_lat", "home_lng"])
    op.drop_index("ix_products_public_lat_lng", table_name="products")
    op.create_index("ix_products_lat_lng", "products", ["lat", "lng"])
    with op.batch_alter_table("users") as batch:
        batch.drop_column("home_public_lng")
        batch.drop_column("home_public_lat")
    with op.batch_alter_table("products") as batch:
        batch.drop_column("public_lng")
        batch.drop_column("public_lat")


def _backfill() -> None:
    bind = op.get_bind()
    places: Any = context.config.attributes.get("public_points")
    jobs = [
        ("products", "seller_id", "lat", "lng", "public_lat", "public_lng"),
        ("users", "id", "home_lat", "home_lng", "home_public_lat", "home_public_lng"),
    ]
    # The identifiers below are this file's constants; only values travel as parameters.
    for table, owner, lat, lng, public_lat, public_lng in jobs:
        select = f"SELECT id, {owner}, {lat}, {lng} FROM {table} WHERE {lat} IS NOT NULL"  # noqa: S608
        rows = bind.execute(sa.text(select)).all()
        if not rows:
            continue
        if not isinstance(places, PublicPoints):
            raise RuntimeError(
                f"{len(rows)} {table} rows need public points: run `souk migrate` with SOUK_LOCATION_SECRET "
                "or SOUK_JWT_SECRET set (the key of the public-point function)."
            )
        update = sa.text(f"UPDATE {table} SET {public_lat} = :plat, {public_lng} = :plng WHERE id = :id")  # noqa: S608
        for start in range(0, len(rows), _BATCH):
            values = []
            for row_id, owner_id, row_lat, row_lng in rows[start : start + _BATCH]:
                shown = places.of(_uuid(owner_id), GeoPoint(row_lat, row_lng))
                values.append({"id": row_id, "plat": shown.lat, "plng": shown.lng})
            bind.execute(update, values)


def _uuid(value: Any) -> UUID:
    """SQLite hands ids back as 32 hex characters (SQLAlchemy's Uuid), PostgreSQL as UUID."""
    return value if isinstance(value, UUID) else UUID(str(value))
