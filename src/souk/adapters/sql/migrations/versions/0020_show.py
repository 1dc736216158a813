"""show: the stream timeline (shoppable replays) and giveaways

Adds ``stream_timeline``: one row per thing a stream showed or sold — a tag, a featured
change, an auction, a flash sale or a giveaway starting or ending — with its time (the
replay's ``at_s`` is counted from the stream's start) and a small flat JSON payload.

Adds ``giveaways`` (the seed kept secret until ``ended_at``, its sha256 commitment
published at the start; the winner and the number of entrants written once, at the close)
and ``giveaway_entries`` (one row per user and giveaway: the primary key refuses a second).

Revision ID: 0020_show
Revises: 0018_live_sales
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from souk.adapters.sql.types import UtcDateTime

revision = "0020_show"
down_revision = "0019_auctions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stream_timeline",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("stream_id", sa.Uuid(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("product_id", sa.Uuid()),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_index("ix_stream_timeline_stream_id_at", "stream_timeline", ["stream_id", "at"])
    op.create_table(
        "giveaways",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("stream_id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("followers_only", sa.Boolean(), nullable=False),
        sa.Column("seed", sa.String(64), nullable=False),
        sa.Column("seed_commitment", sa.String(64), nullable=False),
        sa.Column("started_at", UtcDateTime(), nullable=False),
        sa.Column("ends_at", UtcDateTime(), nullable=False),
        sa.Column("ended_at", UtcDateTime()),
        sa.Column("winner_id", sa.Uuid()),
        sa.Column("entrants", sa.Integer(), nullable=False),
    )
    op.create_index("ix_giveaways_stream_id_ended_at", "giveaways", ["stream_id", "ended_at"])
    op.create_index("ix_giveaways_ended_at_ends_at", "giveaways", ["ended_at", "ends_at"])
    op.create_table(
        "giveaway_entries",
        sa.Column("giveaway_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("entered_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("giveaway_id", "user_id", name="pk_giveaway_entries"),
    )


def downgrade() -> None:
    op.drop_table("giveaway_entries")
    op.drop_table("giveaways")
    op.drop_table("stream_timeline")
