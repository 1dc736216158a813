"""search at 1,000,000 products: an index that walks the newest listings with their words

Search by words never ranks every match of a common word any more (issue 19): it walks the
available listings newest first and stops at the page or the relevance window, and leaves
rare words to the GIN. This index makes that walk index-only on PostgreSQL: the key is the
walk's order (status, created_at, id), and it carries what the filters read — the tsvector,
category, price, feed type, condition and seller — so no table row is read until the page's
own. SQLite keeps its FTS5 and needs nothing.

Revision ID: 0022_search
Revises: 0017_tips
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0022_search"
down_revision = "0020_show"
branch_labels = None
depends_on = None

INDEX = "ix_products_search_recent"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE INDEX {INDEX} ON products (status, created_at, id) "
            "INCLUDE (search_vector, category_id, price_amount, feed_type, condition, seller_id)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX {INDEX}")
