"""live-chat moderation and data rights: stream moderators, slow mode, banned words,
removed viewers; pending account deletions

Revision ID: 0015_livemod
Revises: 0012_private_media
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from souk.adapters.sql.types import UtcDateTime

revision = "0015_livemod"
down_revision = "0014_safety"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stream_moderators",
        sa.Column("stream_id", sa.Uuid(), sa.ForeignKey("streams.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("stream_id", "user_id", name="pk_stream_moderators"),
    )
    op.create_table(
        "stream_chat_rules",
        sa.Column("stream_id", sa.Uuid(), sa.ForeignKey("streams.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("slow_mode_s", sa.Integer(), nullable=False),
    )
    op.create_table(
        "seller_banned_words",
        sa.Column("seller_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("words", sa.JSON(), nullable=False),
    )
    op.create_table(
        "seller_removed_viewers",
        sa.Column("seller_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("until", UtcDateTime()),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seller_id", "user_id", name="pk_seller_removed_viewers"),
    )

    op.create_table(
        "account_deletions",
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("requested_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_account_deletions_requested_at", "account_deletions", ["requested_at"])


def downgrade() -> None:
    op.drop_index("ix_account_deletions_requested_at", table_name="account_deletions")
    op.drop_table("account_deletions")
    op.drop_table("seller_removed_viewers")
    op.drop_table("seller_banned_words")
    op.drop_table("stream_chat_rules")
    op.drop_table("stream_moderators")
