"""catalog speed and negotiation races: one direct conversation per pair of users, whoever
opens it

The direct (no product) conversation was unique per (buyer_id, seller_id), so two people
opening one with each other at the same moment created two (A→B and B→A). The unique index
is now on the unordered pair. (The catalog's feeds and search needed no new index: their
statements use the GiST, GIN and (status, created_at, id) indexes of 0002.)

Revision ID: 0006_catalog_speed
Revises: 0005_negotiation
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_catalog_speed"
down_revision = "0005_negotiation"
branch_labels = None
depends_on = None

DIRECT = sa.text("product_id IS NULL")
# least/greatest on PostgreSQL, the two-argument min/max on SQLite: the pair, unordered.
PAIR = {
    "postgresql": "least(buyer_id, seller_id), greatest(buyer_id, seller_id)",
    "sqlite": "min(buyer_id, seller_id), max(buyer_id, seller_id)",
}


def upgrade() -> None:
    op.drop_index("uq_conversations_buyer_seller_direct", table_name="conversations")
    pair = PAIR[op.get_bind().dialect.name]
    op.execute(f"CREATE UNIQUE INDEX uq_conversations_direct_pair ON conversations ({pair}) WHERE product_id IS NULL")


def downgrade() -> None:
    op.drop_index("uq_conversations_direct_pair", table_name="conversations")
    op.create_index(
        "uq_conversations_buyer_seller_direct",
        "conversations",
        ["buyer_id", "seller_id"],
        unique=True,
        postgresql_where=DIRECT,
        sqlite_where=DIRECT,
    )
