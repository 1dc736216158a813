"""streams: live streams, their products, and viewer visits

Revision ID: 0008_streams
Revises: 0005_negotiation
Create Date: 2026-11-21
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from souk.adapters.sql.types import UtcDateTime

revision = "0008_streams"
down_revision = "0006_catalog_speed"
branch_labels = None
depends_on = None


def _partial(where: str) -> dict[str, Any]:
    clause = sa.text(where)
    return {"postgresql_where": clause, "sqlite_where": clause}


def upgrade() -> None:
    op.create_table(
        "streams",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("scheduled_at", UtcDateTime()),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("key_digest", sa.String(64)),
        sa.Column("ingest_state", sa.String(12)),
        sa.Column("interrupted_at", UtcDateTime()),
        sa.Column("started_at", UtcDateTime()),
        sa.Column("ended_at", UtcDateTime()),
        sa.Column("end_reason", sa.String(16)),
        sa.Column("recording_path", sa.Text()),
        sa.Column("replay_media_id", sa.Uuid()),
        sa.Column("totals", sa.JSON()),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["seller_id"], ["users.id"], name="fk_streams_seller_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_streams"),
    )
    op.create_index("uq_streams_live_seller", "streams", ["seller_id"], unique=True, **_partial("status = 'live'"))
    op.create_index("uq_streams_key_digest", "streams", ["key_digest"], unique=True)
    op.create_index("ix_streams_status_created_at_id", "streams", ["status", "created_at", "id"])
    op.create_index("ix_streams_seller_id_created_at", "streams", ["seller_id", "created_at"])

    op.create_table(
        "stream_products",
        sa.Column("stream_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("added_at", UtcDateTime(), nullable=False),
        sa.Column("x", sa.Float()),
        sa.Column("y", sa.Float()),
        sa.Column("timestamp_s", sa.Float()),
        sa.Column("tagged_at", UtcDateTime()),
        sa.Column("featured", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["stream_id"], ["streams.id"], name="fk_stream_products_stream_id_streams", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name="fk_stream_products_product_id_products", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("stream_id", "product_id", name="pk_stream_products"),
    )
    op.create_index(
        "uq_stream_products_featured", "stream_products", ["stream_id"], unique=True, **_partial("featured")
    )

    op.create_table(
        "stream_viewers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("stream_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("joined_at", UtcDateTime(), nullable=False),
        sa.Column("left_at", UtcDateTime()),
        sa.ForeignKeyConstraint(
            ["stream_id"], ["streams.id"], name="fk_stream_viewers_stream_id_streams", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_stream_viewers_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_stream_viewers"),
    )
    op.create_index("ix_stream_viewers_stream_id_joined_at", "stream_viewers", ["stream_id", "joined_at"])


def downgrade() -> None:
    for table in ("stream_viewers", "stream_products", "streams"):
        op.drop_table(table)
