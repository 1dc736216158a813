"""live sales: products' stock, sales opened from live rooms

``products.quantity`` is the stock left (1 for every existing listing). ``transactions``
gain ``quantity`` (units sold), ``source`` (``offer`` for every existing row, ``buy_now``,
``auction``, ``giveaway``), ``source_id`` (the auction or giveaway: at most one sale each,
``uq_transactions_source_source_id``) and ``stream_id`` (the room it was sold from). The
one-open-sale-per-product index now covers offer sales only: a room sells units.

Revision ID: 0018_live_sales
Revises: 0017_tips
Create Date: 2026-12-07
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0018_live_sales"
down_revision = "0017_tips"
branch_labels = None
depends_on = None

OLD_OPEN = "status IN ('pending', 'paid', 'authorized')"
NEW_OPEN = f"source = 'offer' AND {OLD_OPEN}"
SOURCED = "source_id IS NOT NULL"


def _partial(where: str) -> dict[str, Any]:
    return {"postgresql_where": sa.text(where), "sqlite_where": sa.text(where)}


def upgrade() -> None:
    op.add_column("products", sa.Column("quantity", sa.Integer(), nullable=False, server_default=sa.text("1")))
    op.drop_index("uq_transactions_open_product", table_name="transactions")
    op.add_column("transactions", sa.Column("quantity", sa.Integer(), nullable=False, server_default=sa.text("1")))
    op.add_column("transactions", sa.Column("source", sa.String(8), nullable=False, server_default="offer"))
    op.add_column("transactions", sa.Column("source_id", sa.Uuid()))
    op.add_column("transactions", sa.Column("stream_id", sa.Uuid()))
    op.create_index("uq_transactions_open_product", "transactions", ["product_id"], unique=True, **_partial(NEW_OPEN))
    op.create_index(
        "uq_transactions_source_source_id", "transactions", ["source", "source_id"], unique=True, **_partial(SOURCED)
    )
    op.create_index("ix_transactions_stream_id_product_id", "transactions", ["stream_id", "product_id"])


def downgrade() -> None:
    op.drop_index("ix_transactions_stream_id_product_id", table_name="transactions")
    op.drop_index("uq_transactions_source_source_id", table_name="transactions")
    op.drop_index("uq_transactions_open_product", table_name="transactions")
    op.execute("DELETE FROM transactions WHERE source <> 'offer'")
    with op.batch_alter_table("transactions") as batch:
        for column in ("stream_id", "source_id", "source", "quantity"):
            batch.drop_column(column)
    op.create_index("uq_transactions_open_product", "transactions", ["product_id"], unique=True, **_partial(OLD_OPEN))
    with op.batch_alter_table("products") as batch:
        batch.drop_column("quantity")
