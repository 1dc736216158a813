"""show: the stream timeline (shoppable replays) and giveaways

Adds ``stream_timeline``: one row per thing a stream showed or sold — a tag, a featured
change, an auction, a flash sale or a giveaway starting or ending — with its time (the
replay's ``at_s`` is counted from the stream's start) and a small flat JSON payload.

Revision ID: 0020_show
Revises: 0017_tips
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from souk.adapters.sql.types import UtcDateTime

revision = "0020_show"
down_revision = "0017_tips"
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


def downgrade() -> None:
    op.drop_table("stream_timeline")
