"""live sales: products' stock, sales opened from live rooms

``products.quantity`` is the stock left (1 for every existing listing). ``transactions``
gain ``quantity`` (units sold), ``source`` (``offer`` for every existing row, ``buy_now``,
``auction``, ``giveaway``), ``source_id`` (the auction or giveaway: at most one sale each,
``uq_transactions_source_source_id``), ``stream_id`` (the room it was sold from) and
``checkout_id`` (a cart's sales, paid by one intent: ``payments.intent_id`` is no longer
unique, each sale keeping its own payment row and ledger). The one-open-sale-per-product
index now covers offer sales only: a room sells units. New table ``flash_sales``: a
temporary price on a stream's product (one not ended per product and stream; the due
index serves the sweep that ends them on time).

Revision ID: 0018_live_sales
Revises: 0020_show
Create Date: 2026-12-07
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from souk.adapters.sql.types import UtcDateTime

revision = "0018_live_sales"
down_revision = "0017_tips"
branch_labels = None
depends_on = None

OLD_OPEN = "status IN ('pending', 'paid', 'authorized')"
NEW_OPEN = f"source = 'offer' AND {OLD_OPEN}"
SOURCED = "source_id IS NOT NULL"


def _partial(where: str) -> dict[str, Any]:
    return {"postgresql_where": sa.text(where), "sqlite_where": sa.text(where)}


RUNNING = "ended_at IS NULL"


def upgrade() -> None:
    op.create_table(
        "flash_sales",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("stream_id", sa.Uuid(), sa.ForeignKey("streams.id", ondelete="CASCADE"), nullable=False),
        sa.Column("product_id", sa.Uuid(), sa.ForeignKey("products.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("price_amount", sa.BigInteger(), nullable=False),
        sa.Column("started_at", UtcDateTime(), nullable=False),
        sa.Column("ends_at", UtcDateTime(), nullable=False),
        sa.Column("ended_at", UtcDateTime()),
    )
    op.create_index(
        "uq_flash_sales_running", "flash_sales", ["stream_id", "product_id"], unique=True, **_partial(RUNNING)
    )
    op.create_index("ix_flash_sales_due", "flash_sales", ["ends_at"], **_partial(RUNNING))
    op.add_column("products", sa.Column("quantity", sa.Integer(), nullable=False, server_default=sa.text("1")))
    op.drop_index("uq_transactions_open_product", table_name="transactions")
    op.add_column("transactions", sa.Column("quantity", sa.Integer(), nullable=False, server_default=sa.text("1")))
    op.add_column("transactions", sa.Column("source", sa.String(8), nullable=False, server_default="offer"))
    op.add_column("transactions", sa.Column("source_id", sa.Uuid()))
    op.add_column("transactions", sa.Column("stream_id", sa.Uuid()))
    op.add_column("transactions", sa.Column("checkout_id", sa.Uuid()))
    op.create_index("uq_transactions_open_product", "transactions", ["product_id"], unique=True, **_partial(NEW_OPEN))
    op.create_index(
        "uq_transactions_source_source_id", "transactions", ["source", "source_id"], unique=True, **_partial(SOURCED)
    )
    op.create_index("ix_transactions_stream_id_product_id", "transactions", ["stream_id", "product_id"])
    op.create_index("ix_transactions_checkout_id", "transactions", ["checkout_id"])
    op.drop_index("uq_payments_intent_id", table_name="payments")
    op.create_index("ix_payments_intent_id", "payments", ["intent_id"])


def downgrade() -> None:
    op.drop_table("flash_sales")
    op.execute("DELETE FROM payments WHERE transaction_id IN (SELECT id FROM transactions WHERE source <> 'offer')")
    op.drop_index("ix_payments_intent_id", table_name="payments")
    op.create_index("uq_payments_intent_id", "payments", ["intent_id"], unique=True)
    op.drop_index("ix_transactions_checkout_id", table_name="transactions")
    op.drop_index("ix_transactions_stream_id_product_id", table_name="transactions")
    op.drop_index("uq_transactions_source_source_id", table_name="transactions")
    op.drop_index("uq_transactions_open_product", table_name="transactions")
    op.execute("DELETE FROM transactions WHERE source <> 'offer'")
    with op.batch_alter_table("transactions") as batch:
        for column in ("checkout_id", "stream_id", "source_id", "source", "quantity"):
            batch.drop_column(column)
    op.create_index("uq_transactions_open_product", "transactions", ["product_id"], unique=True, **_partial(OLD_OPEN))
    with op.batch_alter_table("products") as batch:
        batch.drop_column("quantity")
