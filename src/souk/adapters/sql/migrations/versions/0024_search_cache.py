"""search cache: a catalog generation that every change to what search shows moves

Search pages are cached per process (issue 19: the query mix repeats a few words heavily).
A cached page is served only while the catalog's generation is the one it was read at, so
the cache needs a number that moves whenever a search answer could change, in the same
transaction as the change, for every writer (any process, any host, a worker, psql):

- ``catalog_generation``: 16 counters (shards); the generation is their sum. A writing
  transaction bumps a shard no other transaction holds (its own transaction id's when free,
  ``SKIP LOCKED``), so concurrent catalog writers do not wait on one another; only when all
  16 are held does it wait for its own.
- ``souk_catalog_changed()``, run once per statement *before* any INSERT, DELETE or TRUNCATE
  on ``products``, any UPDATE of a column a search answer shows or filters on (every column
  but the engagement counters ``saves_count``, ``likes_count`` and ``views_count``: a like
  would otherwise empty every cache; pages may show those up to the cache's time to live
  old), and any change of the seller columns a listing shows (``users``: username,
  display_name, seller_tier; deletes).

The bump commits with the change: a reader that sees the new generation sees the change.
It runs before the statement takes any product row lock: a writer that waits for a shard
then holds no row another writer needs (after the statement, a multi-product transaction —
a cart, a batch of webhooks — holding a shard and waiting for a row could deadlock with
the row's writer waiting for that shard).
SQLite (one embedded process, no cache) needs none of it.

Revision ID: 0024_search_cache
Revises: 0022_search
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0024_search_cache"
down_revision = "0022_search"
branch_labels = None
depends_on = None

SHARDS = 16
# Every products column a search answer reads, shows or filters on: all but the counters.
PRODUCT_COLUMNS = (
    "id",
    "seller_id",
    "title",
    "description",
    "price_amount",
    "price_currency",
    "category_id",
    "condition",
    "feed_type",
    "image_urls",
    "image_media_ids",
    "video_media_id",
    "lat",
    "lng",
    "public_lat",
    "public_lng",
    "status",
    "accepted_offer_id",
    "created_at",
    "taken_down_at",
    "updated_at",
    "quantity",
)
SELLER_COLUMNS = ("username", "display_name", "seller_tier")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE TABLE catalog_generation (shard smallint PRIMARY KEY, n bigint NOT NULL DEFAULT 0)")
    op.execute(f"INSERT INTO catalog_generation (shard) SELECT generate_series(0, {SHARDS - 1})")
    own = f"txid_current() % {SHARDS}"
    first_free = "ORDER BY shard = " + own + " DESC, shard LIMIT 1 FOR UPDATE SKIP LOCKED"
    free = f"SELECT shard FROM catalog_generation {first_free}"  # noqa: S608
    op.execute(
        "CREATE FUNCTION souk_catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "  # noqa: S608
        f"UPDATE catalog_generation SET n = n + 1 WHERE shard = ({free}); "
        f"IF NOT FOUND THEN UPDATE catalog_generation SET n = n + 1 WHERE shard = {own}; END IF; "
        "RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER products_catalog_changed BEFORE INSERT OR DELETE OR TRUNCATE OR UPDATE OF "
        f"{', '.join(PRODUCT_COLUMNS)} ON products FOR EACH STATEMENT EXECUTE FUNCTION souk_catalog_changed()"
    )
    op.execute(
        "CREATE TRIGGER users_catalog_changed BEFORE DELETE OR TRUNCATE OR UPDATE OF "
        f"{', '.join(SELLER_COLUMNS)} ON users FOR EACH STATEMENT EXECUTE FUNCTION souk_catalog_changed()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER users_catalog_changed ON users")
    op.execute("DROP TRIGGER products_catalog_changed ON products")
    op.execute("DROP FUNCTION souk_catalog_changed()")
    op.execute("DROP TABLE catalog_generation")
