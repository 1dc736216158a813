"""negotiation: conversations, messages, offers, transactions, idempotency keys

Revision ID: 0005_negotiation
Revises: 0004_media
Create Date: 2026-11-21
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from souk.adapters.sql.types import UtcDateTime

revision = "0005_negotiation"
down_revision = "0004_media"
branch_labels = None
depends_on = None

OPEN_OFFER = sa.text("status IN ('pending', 'countered')")
OPEN_TRANSACTION = sa.text("status IN ('pending', 'paid')")


def _partial(where: sa.TextClause) -> dict[str, Any]:
    return {"postgresql_where": where, "sqlite_where": where}


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("buyer_id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid()),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("buyer_last_read_seq", sa.BigInteger(), nullable=False),
        sa.Column("seller_last_read_seq", sa.BigInteger(), nullable=False),
        sa.Column("buyer_read_at", UtcDateTime()),
        sa.Column("seller_read_at", UtcDateTime()),
        sa.Column("buyer_archived", sa.Boolean(), nullable=False),
        sa.Column("seller_archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_message_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["buyer_id"], ["users.id"], name="fk_conversations_buyer_id_users", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["users.id"], name="fk_conversations_seller_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name="fk_conversations_product_id_products", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_conversations"),
    )
    op.create_index(
        "uq_conversations_buyer_seller_product",
        "conversations",
        ["buyer_id", "seller_id", "product_id"],
        unique=True,
        **_partial(sa.text("product_id IS NOT NULL")),
    )
    op.create_index(
        "uq_conversations_buyer_seller_direct",
        "conversations",
        ["buyer_id", "seller_id"],
        unique=True,
        **_partial(sa.text("product_id IS NULL")),
    )
    op.create_index("ix_conversations_buyer_id_last_message_at", "conversations", ["buyer_id", "last_message_at"])
    op.create_index("ix_conversations_seller_id_last_message_at", "conversations", ["seller_id", "last_message_at"])

    op.create_table(
        "messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("conversation_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("sender_id", sa.Uuid()),
        sa.Column("message_type", sa.String(8), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("image_urls", sa.JSON(), nullable=False),
        sa.Column("offer_id", sa.Uuid()),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name="fk_messages_conversation_id_conversations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_messages"),
    )
    op.create_index("uq_messages_conversation_id_seq", "messages", ["conversation_id", "seq"], unique=True)

    op.create_table(
        "offers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("buyer_id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("conversation_id", sa.Uuid(), nullable=False),
        sa.Column("list_price_amount", sa.BigInteger(), nullable=False),
        sa.Column("price_amount", sa.BigInteger(), nullable=False),
        sa.Column("price_currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("turn", sa.String(6), nullable=False),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name="fk_offers_product_id_products", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["buyer_id"], ["users.id"], name="fk_offers_buyer_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_offers"),
    )
    op.create_index(
        "uq_offers_open_buyer_product", "offers", ["buyer_id", "product_id"], unique=True, **_partial(OPEN_OFFER)
    )
    op.create_index("ix_offers_open_expires_at", "offers", ["expires_at"], **_partial(OPEN_OFFER))
    op.create_index("ix_offers_product_id_created_at", "offers", ["product_id", "created_at"])
    op.create_index("ix_offers_buyer_id_created_at", "offers", ["buyer_id", "created_at"])
    op.create_index("ix_offers_seller_id_created_at", "offers", ["seller_id", "created_at"])

    op.create_table(
        "transactions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("offer_id", sa.Uuid()),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("buyer_id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("price_amount", sa.BigInteger(), nullable=False),
        sa.Column("fee_amount", sa.BigInteger(), nullable=False),
        sa.Column("fee_rate_bps", sa.Integer(), nullable=False),
        sa.Column("payout_amount", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("payment_reference", sa.String(255)),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name="fk_transactions_product_id_products", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["buyer_id"], ["users.id"], name="fk_transactions_buyer_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_transactions"),
    )
    op.create_index(
        "uq_transactions_open_product", "transactions", ["product_id"], unique=True, **_partial(OPEN_TRANSACTION)
    )
    op.create_index("ix_transactions_buyer_id_created_at", "transactions", ["buyer_id", "created_at"])
    op.create_index("ix_transactions_seller_id_created_at", "transactions", ["seller_id", "created_at"])

    op.create_table(
        "idempotency_keys",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("result", sa.JSON()),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "key", name="pk_idempotency_keys"),
    )
    op.create_index("ix_idempotency_keys_created_at", "idempotency_keys", ["created_at"])


def downgrade() -> None:
    for table in ("idempotency_keys", "transactions", "offers", "messages", "conversations"):
        op.drop_table(table)
