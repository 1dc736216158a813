"""neighbours: find users by home, for going live to the neighbourhood

On PostgreSQL a generated ``users.home geography(Point, 4326)`` with a GiST index (as
``products.location``); on SQLite an index on (home_lat, home_lng) for the bounding box.

Revision ID: 0010_neighbours
Revises: 0009_social
Create Date: 2026-11-21
"""

from __future__ import annotations

from alembic import op

revision = "0010_neighbours"
down_revision = "0009_social"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """ALTER TABLE users ADD COLUMN home geography(Point, 4326) GENERATED ALWAYS AS (
            CASE WHEN home_lat IS NULL OR home_lng IS NULL THEN NULL
            ELSE ST_SetSRID(ST_MakePoint(home_lng, home_lat), 4326)::geography END) STORED"""
        )
        op.execute("CREATE INDEX ix_users_home ON users USING gist (home)")
    else:
        op.create_index("ix_users_home_lat_lng", "users", ["home_lat", "home_lng"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_users_home")
        op.execute("ALTER TABLE users DROP COLUMN IF EXISTS home")
    else:
        op.drop_index("ix_users_home_lat_lng", table_name="users")
