"""auctions: live auctions and saved payment methods

Adds ``stream_auctions`` (one row per auction: the starting price, the end, the current
bid and its leader; bids are serialised by locking the row; at most one running auction
per product, a partial unique index) and ``saved_payment_methods`` (a buyer's card saved
at the provider for off-session charges: the provider's ids and the last four digits).

Revision ID: 0019_auctions
Revises: 0018_live_sales, 0020_show (merges the two tags this branch merged, so it has one head; re-chain at merge)
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from souk.adapters.sql.types import UtcDateTime

revision = "0019_auctions"
down_revision = "0018_live_sales"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stream_auctions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("stream_id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("starting_amount", sa.BigInteger(), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=False),
        sa.Column("sudden_death", sa.Boolean(), nullable=False),
        sa.Column("started_at", UtcDateTime(), nullable=False),
        sa.Column("ends_at", UtcDateTime(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("current_amount", sa.BigInteger()),
        sa.Column("leader_id", sa.Uuid()),
        sa.Column("leader_alias", sa.String(64)),
        sa.Column("bids", sa.Integer(), nullable=False),
        sa.Column("ended_at", UtcDateTime()),
        sa.Column("transaction_id", sa.Uuid()),
        sa.Column("outcome", sa.String(16)),
    )
    op.create_index("ix_stream_auctions_stream_id", "stream_auctions", ["stream_id"])
    op.create_index("ix_stream_auctions_status_ends_at", "stream_auctions", ["status", "ends_at"])
    op.create_index(
        "ux_stream_auctions_running_product",
        "stream_auctions",
        ["product_id"],
        unique=True,
        postgresql_where=sa.text("status = 'running'"),
        sqlite_where=sa.text("status = 'running'"),
    )
    op.create_table(
        "saved_payment_methods",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.String(32), nullable=False),
        sa.Column("setup_id", sa.String(255), nullable=False),
        sa.Column("customer_id", sa.String(255)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("method_id", sa.String(255)),
        sa.Column("last4", sa.String(4)),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_saved_payment_methods_user_id", "saved_payment_methods", ["user_id"])


def downgrade() -> None:
    op.drop_table("saved_payment_methods")
    op.drop_table("stream_auctions")
