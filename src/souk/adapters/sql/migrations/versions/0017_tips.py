"""tips: viewers' tips to live streams' sellers

Adds ``stream_tips``: one row per tip (the stream, who gave, the seller, the amount and the
platform fee); ``captured_at`` is set once, when the card charge is captured — the room
hears the tip then and the stream's analytics count it. The money side of a tip is the
``payments`` row of the same id (its ledger entries: capture, fee, payout).

Revision ID: 0017_tips
Revises: 0016_accounts
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from souk.adapters.sql.types import UtcDateTime

revision = "0017_tips"
down_revision = "0016_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stream_tips",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("stream_id", sa.Uuid(), nullable=False),
        sa.Column("tipper_id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("fee_amount", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("captured_at", UtcDateTime()),
    )
    op.create_index("ix_stream_tips_stream_id_captured_at", "stream_tips", ["stream_id", "captured_at"])


def downgrade() -> None:
    op.drop_table("stream_tips")
