"""negotiation: conversations, messages, offers, transactions, idempotency keys

Revision ID: 0005_negotiation
Revises: 0004_media
Create Date: 2026-11-21
"""

from __future__ import annotations

from alembic import op

from souk.adapters.sql.tables import conversations, idempotency_keys, messages, offers, transactions

revision = "0005_negotiation"
down_revision = "0004_media"
branch_labels = None
depends_on = None

# The migration creates the tables exactly as declared (indexes included); a later change
# to them needs its own migration with explicit operations.
TABLES = [conversations, messages, offers, transactions, idempotency_keys]


def upgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        table.create(bind, checkfirst=True)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(TABLES):
        table.drop(bind, checkfirst=True)
