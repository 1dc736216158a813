"""outbox retention: an index on ``created_at`` for pruning

Entries published and consumed are deleted once older than ``SOUK_OUTBOX_RETENTION_H``
(``application/events.PruneOutbox``). Pruning walks the oldest first; the existing partial
indexes cover only entries *not* yet published or consumed, so without this index every
pruning round (and redelivery's ``published_since``) would scan the whole table.

Revision ID: 0028_outbox_retention
Revises: 0024_search_cache
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0028_outbox_retention"
down_revision = "0024_search_cache"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_outbox_created_at", "outbox", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_created_at", table_name="outbox")
