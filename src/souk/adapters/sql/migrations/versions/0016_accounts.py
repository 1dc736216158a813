"""accounts: device sessions

Adds ``device_sessions``: one row per session (refresh-token family) with the device the
client named, a coarse place and created/last-seen times, for the session list. Sessions
opened before this revision get a row from their refresh tokens (device unknown, place
"unknown", created at the family's first token, last seen at its latest).

Revision ID: 0016_accounts
Revises: 0012_private_media
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from souk.adapters.sql.types import UtcDateTime

revision = "0016_accounts"
down_revision = "0012_private_media"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("device_name", sa.String(80)),
        sa.Column("platform", sa.String(16)),
        sa.Column("approx_place", sa.String(120), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_seen_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_device_sessions"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_device_sessions_user_id_users", ondelete="CASCADE"),
    )
    op.create_index("ix_device_sessions_user_id", "device_sessions", ["user_id"])
    op.execute(
        "INSERT INTO device_sessions (id, user_id, device_name, platform, approx_place, created_at, last_seen_at) "
        "SELECT family_id, user_id, NULL, NULL, 'unknown', MIN(created_at), MAX(created_at) "
        "FROM refresh_tokens GROUP BY family_id, user_id"
    )


def downgrade() -> None:
    op.drop_index("ix_device_sessions_user_id", "device_sessions")
    op.drop_table("device_sessions")
