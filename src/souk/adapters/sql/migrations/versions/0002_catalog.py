"""catalog: categories (with the default tree), products, saves, follows; PostGIS and
full-text search on PostgreSQL, FTS5 on SQLite

Revision ID: 0002_catalog
Revises: 0001_accounts
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from souk.adapters.sql.types import UtcDateTime
from souk.domain.catalog.default_categories import default_categories

revision = "0002_catalog"
down_revision = "0001_accounts"
branch_labels = None
depends_on = None

POSTGRES_EXTRAS = [
    "CREATE EXTENSION IF NOT EXISTS postgis",
    # The true point; never selected for output (only distances and filters use it).
    """ALTER TABLE products ADD COLUMN location geography(Point, 4326) GENERATED ALWAYS AS (
        CASE WHEN lat IS NULL OR lng IS NULL THEN NULL
        ELSE ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography END) STORED""",
    "CREATE INDEX ix_products_location ON products USING gist (location)",
    """ALTER TABLE products ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title), 'A')
        || setweight(to_tsvector('simple'::regconfig, description), 'B')) STORED""",
    "CREATE INDEX ix_products_search_vector ON products USING gin (search_vector)",
]

# External-content FTS5 keyed on products.rowid, kept in step by triggers. (After a manual
# VACUUM, which may renumber rowids, run: INSERT INTO products_fts(products_fts) VALUES('rebuild').)
SQLITE_EXTRAS = [
    """CREATE VIRTUAL TABLE products_fts USING fts5(
        title, description, content='products', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER products_fts_ai AFTER INSERT ON products BEGIN
        INSERT INTO products_fts(rowid, title, description) VALUES (new.rowid, new.title, new.description);
    END""",
    """CREATE TRIGGER products_fts_ad AFTER DELETE ON products BEGIN
        INSERT INTO products_fts(products_fts, rowid, title, description)
        VALUES ('delete', old.rowid, old.title, old.description);
    END""",
    """CREATE TRIGGER products_fts_au AFTER UPDATE OF title, description ON products BEGIN
        INSERT INTO products_fts(products_fts, rowid, title, description)
        VALUES ('delete', old.rowid, old.title, old.description);
        INSERT INTO products_fts(rowid, title, description) VALUES (new.rowid, new.title, new.description);
    END""",
]


def upgrade() -> None:
    categories = op.create_table(
        "categories",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("parent_id", sa.Uuid()),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("slug", sa.String(60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_categories"),
        sa.ForeignKeyConstraint(["parent_id"], ["categories.id"], name="fk_categories_parent_id_categories"),
        sa.UniqueConstraint("slug", name="uq_categories_slug"),
    )
    op.create_table(
        "products",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False, server_default=""),
        sa.Column("price_amount", sa.BigInteger(), nullable=False),
        sa.Column("price_currency", sa.String(3), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=False),
        sa.Column("condition", sa.String(10), nullable=False),
        sa.Column("feed_type", sa.String(10), nullable=False),
        sa.Column("image_urls", sa.JSON(), nullable=False),
        sa.Column("video_media_id", sa.Uuid()),
        sa.Column("lat", sa.Float()),
        sa.Column("lng", sa.Float()),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("accepted_offer_id", sa.Uuid()),
        sa.Column("saves_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("likes_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("views_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_products"),
        sa.ForeignKeyConstraint(["seller_id"], ["users.id"], name="fk_products_seller_id_users", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["category_id"], ["categories.id"], name="fk_products_category_id_categories"),
        sa.CheckConstraint("status IN ('available', 'reserved', 'sold', 'archived')", name="status"),
        sa.CheckConstraint("feed_type IN ('discover', 'community')", name="feed_type"),
        sa.CheckConstraint("condition IN ('new', 'like_new', 'good', 'fair')", name="condition"),
        sa.CheckConstraint("price_amount >= 0", name="price_amount"),
        sa.CheckConstraint("feed_type = 'discover' OR lat IS NOT NULL", name="community_location"),
    )
    op.create_index("ix_products_seller_id", "products", ["seller_id"])
    op.create_index("ix_products_category_id", "products", ["category_id"])
    op.create_index(
        "ix_products_feed_type_status_created_at_id", "products", ["feed_type", "status", "created_at", "id"]
    )
    op.create_index("ix_products_status_price_amount_id", "products", ["status", "price_amount", "id"])
    op.create_index("ix_products_status_created_at_id", "products", ["status", "created_at", "id"])
    op.create_index("ix_products_lat_lng", "products", ["lat", "lng"])
    op.create_table(
        "product_saves",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "product_id", name="pk_product_saves"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_product_saves_user_id_users", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name="fk_product_saves_product_id_products", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_product_saves_user_id_created_at", "product_saves", ["user_id", "created_at"])
    op.create_table(
        "follows",
        sa.Column("follower_id", sa.Uuid(), nullable=False),
        sa.Column("followee_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("follower_id", "followee_id", name="pk_follows"),
        sa.ForeignKeyConstraint(["follower_id"], ["users.id"], name="fk_follows_follower_id_users", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["followee_id"], ["users.id"], name="fk_follows_followee_id_users", ondelete="CASCADE"),
        sa.CheckConstraint("follower_id <> followee_id", name="not_self"),
    )
    op.create_index("ix_follows_followee_id_created_at", "follows", ["followee_id", "created_at"])
    op.create_index("ix_follows_follower_id_created_at", "follows", ["follower_id", "created_at"])

    dialect = op.get_bind().dialect.name
    for statement in POSTGRES_EXTRAS if dialect == "postgresql" else SQLITE_EXTRAS if dialect == "sqlite" else []:
        op.execute(statement)

    # The default tree, as shipped in this release (a later change needs its own migration).
    op.bulk_insert(
        categories,
        [
            {"id": c.id, "parent_id": c.parent_id, "name": c.name, "slug": c.slug, "position": c.position}
            for c in sorted(default_categories(), key=lambda c: c.parent_id is not None)
        ],
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("products_fts_ai", "products_fts_ad", "products_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS products_fts")
    op.drop_table("follows")
    op.drop_table("product_saves")
    op.drop_table("products")
    op.drop_table("categories")
    if op.get_bind().dialect.name == "postgresql":
        # RESTRICT: refuses (and stops the downgrade) if anything else still uses PostGIS.
        op.execute("DROP EXTENSION IF EXISTS postgis")
