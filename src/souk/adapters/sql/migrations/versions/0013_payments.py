"""payments: card and cash sales, the ledger, provider events, payout accounts

``transactions.status`` grows to 20 characters (``partially_refunded``) and the partial
unique index of open sales counts ``authorized`` as open; ``transactions.payment_method``
and ``offers.payment_method`` (``card`` for every existing row). New tables: ``payments``
(the money side of a sale or tip: provider facts and derived status), ``payment_ledger``
(immutable signed entries), ``payment_provider_events`` (exactly-once by provider event
id) and ``payout_accounts`` (a seller's connected account and whether payouts are on).

Revision ID: 0013_payments
Revises: 0012_private_media
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from souk.adapters.sql.types import UtcDateTime

revision = "0013_payments"
down_revision = "0012_private_media"
branch_labels = None
depends_on = None

OLD_OPEN = "status IN ('pending', 'paid')"
NEW_OPEN = "status IN ('pending', 'paid', 'authorized')"


def _open_index(where: str) -> None:
    op.create_index(
        "uq_transactions_open_product",
        "transactions",
        ["product_id"],
        unique=True,
        postgresql_where=sa.text(where),
        sqlite_where=sa.text(where),
    )


def upgrade() -> None:
    op.drop_index("uq_transactions_open_product", table_name="transactions")
    with op.batch_alter_table("transactions") as batch:
        batch.alter_column("status", type_=sa.String(20), existing_type=sa.String(10), existing_nullable=False)
        batch.add_column(sa.Column("payment_method", sa.String(4), nullable=False, server_default="card"))
    _open_index(NEW_OPEN)
    op.add_column("offers", sa.Column("payment_method", sa.String(4), nullable=False, server_default="card"))
    op.create_table(
        "payments",
        sa.Column("transaction_id", sa.Uuid(), primary_key=True),
        sa.Column("buyer_id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("method", sa.String(4), nullable=False),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("price_amount", sa.BigInteger(), nullable=False),
        sa.Column("fee_amount", sa.BigInteger(), nullable=False),
        sa.Column("intent_id", sa.String(255)),
        sa.Column("client_secret", sa.String(255)),
        sa.Column("auto_capture", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("transaction_id", name="pk_payments"),
    )
    op.create_index("uq_payments_intent_id", "payments", ["intent_id"], unique=True)
    op.create_index("ix_payments_status_updated_at", "payments", ["status", "updated_at"])
    op.create_index("ix_payments_seller_id", "payments", ["seller_id"])
    op.create_table(
        "payment_ledger",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("transaction_id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("event_id", sa.String(255), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_payment_ledger"),
    )
    op.create_index(
        "uq_payment_ledger_transaction_id_event_id_kind",
        "payment_ledger",
        ["transaction_id", "event_id", "kind"],
        unique=True,
    )
    op.create_index("ix_payment_ledger_seller_id_currency", "payment_ledger", ["seller_id", "currency"])
    op.create_table(
        "payment_provider_events",
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("event_id", sa.String(255), nullable=False),
        sa.Column("transaction_id", sa.Uuid(), nullable=False),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("provider", "event_id", name="pk_payment_provider_events"),
    )
    op.create_table(
        "payout_accounts",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("account_id", sa.String(255), nullable=False),
        sa.Column("payouts_enabled", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_payout_accounts"),
    )
    op.create_index("uq_payout_accounts_account_id", "payout_accounts", ["account_id"], unique=True)


def downgrade() -> None:
    op.drop_table("payout_accounts")
    op.drop_table("payment_provider_events")
    op.drop_table("payment_ledger")
    op.drop_table("payments")
    with op.batch_alter_table("offers") as batch:
        batch.drop_column("payment_method")
    op.drop_index("uq_transactions_open_product", table_name="transactions")
    with op.batch_alter_table("transactions") as batch:
        batch.drop_column("payment_method")
        batch.alter_column("status", type_=sa.String(10), existing_type=sa.String(20), existing_nullable=False)
    _open_index(OLD_OPEN)
