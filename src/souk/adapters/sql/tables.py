"""SQLAlchemy Core tables: the shape of the data, shared by repositories and migrations' tests."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    false,
    text,
)

from souk.adapters.sql.types import UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)

users = Table(
    "users",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("username", String(30), nullable=False, unique=True),
    Column("display_name", String(50), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("phone", String(16), unique=True),
    Column("email", String(254), unique=True),
    Column("phone_verified", Boolean, nullable=False, default=False),
    Column("email_verified", Boolean, nullable=False, server_default=false()),  # 0016: rows from before are false
    Column("avatar_url", String(2048)),
    Column("avatar_media_id", Uuid),  # NULL: none (or an avatar_url from before 0012)
    Column("bio", Text, nullable=False, default=""),
    Column("seller_tier", String(8), nullable=False, default="free"),
    Column("role", String(16), nullable=False, default="user"),
    Column("home_lat", Float),
    Column("home_lng", Float),
    Column("home_public_lat", Float),  # the public point of the home: what others' answers use
    Column("home_public_lng", Float),
    Column("neighborhood", String(80)),
    Column("notification_settings", JSON, nullable=False),
    Column("followers_count", Integer, nullable=False, default=0),
    Column("following_count", Integer, nullable=False, default=0),
    Column("listings_count", Integer, nullable=False, default=0),
    Column("sold_count", Integer, nullable=False, default=0),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # safety (0014): a suspension in force while banned or suspended_until is ahead
    Column("suspended_until", UtcDateTime),
    Column("banned", Boolean, nullable=False, server_default=false()),  # 0014: rows from before are not banned
    Column("suspension_reason", Text),
)
# Migration 0011 adds, on PostgreSQL, ``public_home geography(Point, 4326)`` (GiST) generated
# from home_public_lat/home_public_lng, and on SQLite an index on those two: neighbours by home.

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("family_id", Uuid, nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime),
    Column("revoked_at", UtcDateTime),
)

device_sessions = Table(
    "device_sessions",  # one per session (refresh-token family): what its owner's session list shows
    metadata,
    Column("id", Uuid, primary_key=True),  # the family id
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("device_name", String(80)),
    Column("platform", String(16)),
    Column("approx_place", String(120), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
)

email_challenges = Table(
    "email_challenges",  # codes and links sent by email (verification, password reset)
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("email", String(254), nullable=False),
    Column("purpose", String(20), nullable=False),
    Column("code_digest", String(64), nullable=False),
    Column("link_digest", String(64), nullable=False, unique=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("consumed_at", UtcDateTime),
    Index("ix_email_challenges_email_purpose", "email", "purpose", "created_at"),
)

totp_factors = Table(
    "totp_factors",  # two-factor sign-in: one per user; confirmed_at NULL while being set up
    metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("secret", String(255), nullable=False),  # Fernet-sealed (adapters/security/secret_box.py)
    Column("created_at", UtcDateTime, nullable=False),
    Column("confirmed_at", UtcDateTime),
    Column("last_step", BigInteger, nullable=False),  # the last accepted TOTP step: no code twice
)

mfa_backup_codes = Table(
    "mfa_backup_codes",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("code_digest", String(64), nullable=False),
    Column("used_at", UtcDateTime),
    UniqueConstraint("user_id", "code_digest"),
)

oidc_identities = Table(
    "oidc_identities",  # a provider account (issuer's subject) linked to a Souk account
    metadata,
    Column("provider", String(16), nullable=False),
    Column("subject", String(255), nullable=False),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("provider", "subject"),
)

oidc_nonces = Table(
    "oidc_nonces",  # nonces already used with an ID token, kept until the token expires: no replay
    metadata,
    Column("key", String(64), primary_key=True),
    Column("expires_at", UtcDateTime, nullable=False, index=True),
)

oidc_web_logins = Table(
    "oidc_web_logins",  # a web sign-in gone to the provider: its PKCE verifier and nonce, by state digest
    metadata,
    Column("state_key", String(64), primary_key=True),
    Column("provider", String(16), nullable=False),
    Column("code_verifier", String(128), nullable=False),
    Column("nonce", String(128), nullable=False),
    Column("redirect_uri", String(2048), nullable=False),
    Column("expires_at", UtcDateTime, nullable=False, index=True),
)

otp_challenges = Table(
    "otp_challenges",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("phone", String(16), nullable=False),
    Column("purpose", String(20), nullable=False),
    Column("code_digest", String(64), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("consumed_at", UtcDateTime),
    Index("ix_otp_challenges_phone_purpose", "phone", "purpose", "created_at"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("topic", String(100), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("claimed_until", UtcDateTime),
    Column("published_at", UtcDateTime),
    Index(
        "ix_outbox_unpublished",
        "created_at",
        postgresql_where=text("published_at IS NULL"),
        sqlite_where=text("published_at IS NULL"),
    ),
)


# --- catalog ----------------------------------------------------------------------------
# On PostgreSQL the migration adds two generated columns that live outside this metadata:
# ``public_location geography(Point, 4326)`` (GiST) from public_lat/public_lng and ``search_vector tsvector``
# (GIN) from title/description. On SQLite it adds the FTS5 table ``products_fts``.

categories = Table(
    "categories",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("parent_id", Uuid, ForeignKey("categories.id")),
    Column("name", String(60), nullable=False),
    Column("slug", String(60), nullable=False, unique=True),
    Column("position", Integer, nullable=False, default=0),
)

products = Table(
    "products",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("seller_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("title", String(120), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("price_amount", BigInteger, nullable=False),
    Column("price_currency", String(3), nullable=False),
    Column("category_id", Uuid, ForeignKey("categories.id"), nullable=False, index=True),
    Column("condition", String(10), nullable=False),
    Column("feed_type", String(10), nullable=False),
    Column("image_urls", JSON, nullable=False),
    Column("image_media_ids", JSON),  # NULL: none (rows from before 0012 show image_urls)
    Column("video_media_id", Uuid),
    Column("lat", Float),
    Column("lng", Float),
    Column("public_lat", Float),  # the public point: every feed, distance and filter uses it
    Column("public_lng", Float),
    Column("status", String(10), nullable=False),
    Column("accepted_offer_id", Uuid),
    Column("saves_count", Integer, nullable=False, default=0),
    Column("likes_count", Integer, nullable=False, default=0),
    Column("views_count", Integer, nullable=False, default=0),
    Column("created_at", UtcDateTime, nullable=False),
    Column("taken_down_at", UtcDateTime),  # safety (0014): staff took it down
    Column("updated_at", UtcDateTime, nullable=False),
    Column("quantity", Integer, nullable=False, server_default=text("1")),  # live sales (0018): the stock left
    Index("ix_products_feed_type_status_created_at_id", "feed_type", "status", "created_at", "id"),
    Index("ix_products_status_price_amount_id", "status", "price_amount", "id"),
    Index("ix_products_status_created_at_id", "status", "created_at", "id"),
    Index("ix_products_public_lat_lng", "public_lat", "public_lng"),
)

product_saves = Table(
    "product_saves",
    metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("product_id", Uuid, ForeignKey("products.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("user_id", "product_id", name="pk_product_saves"),
    Index("ix_product_saves_user_id_created_at", "user_id", "created_at"),
)

follows = Table(
    "follows",
    metadata,
    Column("follower_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("followee_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("follower_id", "followee_id", name="pk_follows"),
    Index("ix_follows_followee_id_created_at", "followee_id", "created_at"),
    Index("ix_follows_follower_id_created_at", "follower_id", "created_at"),
)


media = Table(
    "media",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("owner_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(8), nullable=False),
    Column("content_type", String(64), nullable=False),
    Column("declared_size", BigInteger, nullable=False),
    Column("filename", String(255), nullable=False),
    Column("status", String(16), nullable=False),
    Column("size_bytes", BigInteger),
    Column("metadata", JSON),
    Column("outputs", JSON),
    Column("error", Text),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("original_key", String(300)),  # NULL: a row from before 0012 (key computed)
    Column("image", JSON),
)

video_jobs = Table(
    "video_jobs",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("media_id", Uuid, ForeignKey("media.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("owner_id", Uuid, nullable=False),
    Column("status", String(16), nullable=False),
    Column("progress", Float, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("error", Text),
    Column("metadata", JSON),
    Column("outputs", JSON),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("kind", String(8)),  # NULL: video (rows from before 0012)
)


# --- negotiation ------------------------------------------------------------------------
# Partial unique indexes carry the guarantees: one open negotiation per buyer and product,
# one open (pending or paid) transaction per product, one conversation per people+product.

OPEN_OFFER = "status IN ('pending', 'countered')"
OPEN_TRANSACTION = "status IN ('pending', 'paid', 'authorized')"
# One open sale per product applies to offers (a reservation); live rooms sell units (0018).
OPEN_OFFER_SALE = f"source = 'offer' AND {OPEN_TRANSACTION}"
ROOM_SALE_SOURCE = "source_id IS NOT NULL"

conversations = Table(
    "conversations",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("buyer_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("seller_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("product_id", Uuid, ForeignKey("products.id", ondelete="CASCADE")),
    Column("last_seq", BigInteger, nullable=False, default=0),
    Column("buyer_last_read_seq", BigInteger, nullable=False, default=0),
    Column("seller_last_read_seq", BigInteger, nullable=False, default=0),
    Column("buyer_read_at", UtcDateTime),
    Column("seller_read_at", UtcDateTime),
    Column("buyer_archived", Boolean, nullable=False, default=False),
    Column("seller_archived", Boolean, nullable=False, default=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_message_at", UtcDateTime, nullable=False),
    Index(
        "uq_conversations_buyer_seller_product",
        "buyer_id",
        "seller_id",
        "product_id",
        unique=True,
        postgresql_where=text("product_id IS NOT NULL"),
        sqlite_where=text("product_id IS NOT NULL"),
    ),
    # One direct conversation per unordered pair: uq_conversations_direct_pair, an
    # expression index per dialect (migration 0006, catalog_schema.DIALECT_ONLY_INDEXES).
    Index("ix_conversations_buyer_id_last_message_at", "buyer_id", "last_message_at"),
    Index("ix_conversations_seller_id_last_message_at", "seller_id", "last_message_at"),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("conversation_id", Uuid, ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("sender_id", Uuid),
    Column("message_type", String(8), nullable=False),
    Column("content", Text, nullable=False),
    Column("image_urls", JSON, nullable=False),
    Column("offer_id", Uuid),
    Column("created_at", UtcDateTime, nullable=False),
    Index("uq_messages_conversation_id_seq", "conversation_id", "seq", unique=True),
)

offers = Table(
    "offers",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("product_id", Uuid, ForeignKey("products.id", ondelete="CASCADE"), nullable=False),
    Column("buyer_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("seller_id", Uuid, nullable=False),
    Column("conversation_id", Uuid, nullable=False),
    Column("list_price_amount", BigInteger, nullable=False),
    Column("price_amount", BigInteger, nullable=False),
    Column("price_currency", String(3), nullable=False),
    Column("status", String(10), nullable=False),
    Column("turn", String(6), nullable=False),
    Column("history", JSON, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("payment_method", String(4), nullable=False, server_default="card"),
    Index(
        "uq_offers_open_buyer_product",
        "buyer_id",
        "product_id",
        unique=True,
        postgresql_where=text(OPEN_OFFER),
        sqlite_where=text(OPEN_OFFER),
    ),
    Index(
        "ix_offers_open_expires_at",
        "expires_at",
        postgresql_where=text(OPEN_OFFER),
        sqlite_where=text(OPEN_OFFER),
    ),
    Index("ix_offers_product_id_created_at", "product_id", "created_at"),
    Index("ix_offers_buyer_id_created_at", "buyer_id", "created_at"),
    Index("ix_offers_seller_id_created_at", "seller_id", "created_at"),
)

transactions = Table(
    "transactions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("offer_id", Uuid),
    Column("product_id", Uuid, ForeignKey("products.id", ondelete="CASCADE"), nullable=False),
    Column("buyer_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("seller_id", Uuid, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("price_amount", BigInteger, nullable=False),
    Column("fee_amount", BigInteger, nullable=False),
    Column("fee_rate_bps", Integer, nullable=False),
    Column("payout_amount", BigInteger, nullable=False),
    Column("status", String(20), nullable=False),
    Column("payment_reference", String(255)),
    Column("payment_method", String(4), nullable=False, server_default="card"),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # live sales (0018): units sold, where from (offer, buy_now, auction, giveaway), which room
    Column("quantity", Integer, nullable=False, server_default=text("1")),
    Column("source", String(8), nullable=False, server_default="offer"),
    Column("source_id", Uuid),
    Column("stream_id", Uuid),
    Column("checkout_id", Uuid),  # a cart's sales: one payment for them all
    Index(
        "uq_transactions_open_product",
        "product_id",
        unique=True,
        postgresql_where=text(OPEN_OFFER_SALE),
        sqlite_where=text(OPEN_OFFER_SALE),
    ),
    Index(
        "uq_transactions_source_source_id",
        "source",
        "source_id",
        unique=True,
        postgresql_where=text(ROOM_SALE_SOURCE),
        sqlite_where=text(ROOM_SALE_SOURCE),
    ),
    Index("ix_transactions_stream_id_product_id", "stream_id", "product_id"),
    Index("ix_transactions_checkout_id", "checkout_id"),
    Index("ix_transactions_buyer_id_created_at", "buyer_id", "created_at"),
    Index("ix_transactions_seller_id_created_at", "seller_id", "created_at"),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("user_id", Uuid, nullable=False),
    Column("key", String(255), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("result", JSON),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("user_id", "key", name="pk_idempotency_keys"),
    Index("ix_idempotency_keys_created_at", "created_at"),
)


# --- streams ----------------------------------------------------------------------------
# A partial unique index keeps one live stream per seller; another one featured product
# per stream. Live counters (likes, chat, views, clicks) live in Redis while the stream
# runs and are copied into ``totals`` when it ends.

LIVE_STREAM = "status = 'live'"

streams = Table(
    "streams",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("seller_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(120), nullable=False),
    Column("description", Text, nullable=False),
    Column("status", String(10), nullable=False),
    Column("scheduled_at", UtcDateTime),
    Column("settings", JSON, nullable=False),
    Column("key_digest", String(64)),
    Column("ingest_state", String(12)),
    Column("interrupted_at", UtcDateTime),
    Column("started_at", UtcDateTime),
    Column("ended_at", UtcDateTime),
    Column("end_reason", String(16)),
    Column("recording_path", Text),
    Column("replay_media_id", Uuid),
    Column("totals", JSON),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index(
        "uq_streams_live_seller",
        "seller_id",
        unique=True,
        postgresql_where=text(LIVE_STREAM),
        sqlite_where=text(LIVE_STREAM),
    ),
    Index("uq_streams_key_digest", "key_digest", unique=True),
    Index("ix_streams_status_created_at_id", "status", "created_at", "id"),
    Index("ix_streams_seller_id_created_at", "seller_id", "created_at"),
)

stream_products = Table(
    "stream_products",
    metadata,
    Column("stream_id", Uuid, ForeignKey("streams.id", ondelete="CASCADE"), nullable=False),
    Column("product_id", Uuid, ForeignKey("products.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("added_at", UtcDateTime, nullable=False),
    Column("x", Float),
    Column("y", Float),
    Column("timestamp_s", Float),
    Column("tagged_at", UtcDateTime),
    Column("featured", Boolean, nullable=False, default=False),
    PrimaryKeyConstraint("stream_id", "product_id", name="pk_stream_products"),
    Index(
        "uq_stream_products_featured",
        "stream_id",
        unique=True,
        postgresql_where=text("featured"),
        sqlite_where=text("featured"),
    ),
)

stream_viewers = Table(
    "stream_viewers",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("stream_id", Uuid, ForeignKey("streams.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("joined_at", UtcDateTime, nullable=False),
    Column("left_at", UtcDateTime),
    Index("ix_stream_viewers_stream_id_joined_at", "stream_id", "joined_at"),
)

# --- social and notifications ------------------------------------------------------------
# The notification consumer's mark on each outbox event (see application/notifications/
# drain_event_feed.py): consumed when ``notified_at`` is set; leased until
# ``notify_claimed_until`` by the consumer handling it.
outbox.append_column(Column("notified_at", UtcDateTime))
outbox.append_column(Column("notify_claimed_until", UtcDateTime))
# Pruning walks published and consumed entries oldest first (application/events.PruneOutbox).
Index("ix_outbox_created_at", outbox.c.created_at)
Index(
    "ix_outbox_unnotified",
    outbox.c.created_at,
    postgresql_where=text("notified_at IS NULL"),
    sqlite_where=text("notified_at IS NULL"),
)

# Going live walks a seller's followers in id ranges (batches of the fan-out).
Index("ix_follows_followee_id_follower_id", follows.c.followee_id, follows.c.follower_id)

UNREAD = "read_at IS NULL"

notifications = Table(
    "notifications",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(32), nullable=False),
    Column("data", JSON, nullable=False),
    Column("source_event_id", Uuid, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("read_at", UtcDateTime),
    Column("pushed_at", UtcDateTime),
    # Exactly one notification per trigger and recipient, however often the event is handled.
    UniqueConstraint("source_event_id", "user_id", "type", name="uq_notifications_source_event_id_user_id_type"),
    Index("ix_notifications_user_id_created_at_id", "user_id", "created_at", "id"),
    Index(
        "ix_notifications_unread",
        "user_id",
        "created_at",
        "id",
        postgresql_where=text(UNREAD),
        sqlite_where=text(UNREAD),
    ),
)

likes = Table(
    "likes",
    metadata,
    Column("target_type", String(10), nullable=False),
    Column("target_id", Uuid, nullable=False),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("target_type", "target_id", "user_id", name="pk_likes"),
    Index("ix_likes_user_id_created_at", "user_id", "created_at"),
)

# Like counts of targets without a counter column of their own (streams); products keep
# theirs in ``products.likes_count``.
like_counts = Table(
    "like_counts",
    metadata,
    Column("target_type", String(10), nullable=False),
    Column("target_id", Uuid, nullable=False),
    Column("likes_count", Integer, nullable=False, default=0),
    PrimaryKeyConstraint("target_type", "target_id", name="pk_like_counts"),
)

TOP_LEVEL = "parent_id IS NULL"

comments = Table(
    "comments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("target_type", String(10), nullable=False),
    Column("target_id", Uuid, nullable=False),
    Column("author_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("parent_id", Uuid, ForeignKey("comments.id", ondelete="CASCADE")),
    Column("content", Text, nullable=False),
    Column("replies_count", Integer, nullable=False, default=0),
    Column("created_at", UtcDateTime, nullable=False),
    Index(
        "ix_comments_top_level",
        "target_type",
        "target_id",
        "created_at",
        "id",
        postgresql_where=text(TOP_LEVEL),
        sqlite_where=text(TOP_LEVEL),
    ),
    Index("ix_comments_parent_id_created_at_id", "parent_id", "created_at", "id"),
)

push_tokens = Table(
    "push_tokens",
    metadata,
    Column("token", String(512), primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("platform", String(8), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
    Index("ix_push_tokens_user_id_last_seen_at", "user_id", "last_seen_at"),
)

# --- live-chat moderation ----------------------------------------------------------------
# Moderators and slow mode per stream; banned words and removed viewers per seller (a ban
# or time-out holds in every stream of the seller). ``until`` NULL is a ban for good.

stream_moderators = Table(
    "stream_moderators",
    metadata,
    Column("stream_id", Uuid, ForeignKey("streams.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("stream_id", "user_id", name="pk_stream_moderators"),
)

stream_chat_rules = Table(
    "stream_chat_rules",
    metadata,
    Column("stream_id", Uuid, ForeignKey("streams.id", ondelete="CASCADE"), primary_key=True),
    Column("slow_mode_s", Integer, nullable=False),
)

seller_banned_words = Table(
    "seller_banned_words",
    metadata,
    Column("seller_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("words", JSON, nullable=False),
)

seller_removed_viewers = Table(
    "seller_removed_viewers",
    metadata,
    Column("seller_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("until", UtcDateTime),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("seller_id", "user_id", name="pk_seller_removed_viewers"),
)

# --- data rights -------------------------------------------------------------------------
# A pending account deletion (one per user); the purge job erases the account after
# ``requested_at`` + the grace period, and removes the row.

account_deletions = Table(
    "account_deletions",
    metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("requested_at", UtcDateTime, nullable=False),
    Index("ix_account_deletions_requested_at", "requested_at"),
)

payments = Table(
    "payments",
    metadata,
    Column("transaction_id", Uuid, primary_key=True),  # a sale's id, or a tip's
    Column("buyer_id", Uuid, nullable=False),
    Column("seller_id", Uuid, nullable=False),
    Column("method", String(4), nullable=False),
    Column("provider", String(16), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("price_amount", BigInteger, nullable=False),
    Column("fee_amount", BigInteger, nullable=False),
    Column("intent_id", String(255)),
    Column("client_secret", String(255)),
    Column("auto_capture", Boolean, nullable=False, server_default=text("false")),
    Column("facts", JSON, nullable=False),
    Column("status", String(20), nullable=False),  # derived from facts, kept for queries
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_payments_intent_id", "intent_id"),  # a cart's payments share one intent (0018)
    Index("ix_payments_status_updated_at", "status", "updated_at"),
    Index("ix_payments_seller_id", "seller_id"),
)

# --- live sales (0018) ----------------------------------------------------------------
# A flash sale: a temporary price on a stream's product; one not ended per product and stream.
RUNNING_FLASH_SALE = "ended_at IS NULL"
flash_sales = Table(
    "flash_sales",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("stream_id", Uuid, ForeignKey("streams.id", ondelete="CASCADE"), nullable=False),
    Column("product_id", Uuid, ForeignKey("products.id", ondelete="CASCADE"), nullable=False),
    Column("seller_id", Uuid, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("price_amount", BigInteger, nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime),
    Index(
        "uq_flash_sales_running",
        "stream_id",
        "product_id",
        unique=True,
        postgresql_where=text(RUNNING_FLASH_SALE),
        sqlite_where=text(RUNNING_FLASH_SALE),
    ),
    Index(
        "ix_flash_sales_due",
        "ends_at",
        postgresql_where=text(RUNNING_FLASH_SALE),
        sqlite_where=text(RUNNING_FLASH_SALE),
    ),
)

# A viewer's tip to a live stream's seller; its money side is the payment of the same id.
stream_tips = Table(
    "stream_tips",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("stream_id", Uuid, nullable=False),
    Column("tipper_id", Uuid, nullable=False),
    Column("seller_id", Uuid, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("fee_amount", BigInteger, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("captured_at", UtcDateTime),
    Index("ix_stream_tips_stream_id_captured_at", "stream_id", "captured_at"),
)

# A live auction of a stream product; bids are serialised by locking this row.
stream_auctions = Table(
    "stream_auctions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("stream_id", Uuid, nullable=False),
    Column("seller_id", Uuid, nullable=False),
    Column("product_id", Uuid, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("starting_amount", BigInteger, nullable=False),
    Column("duration_s", Integer, nullable=False),
    Column("sudden_death", Boolean, nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("status", String(16), nullable=False),
    Column("current_amount", BigInteger),
    Column("leader_id", Uuid),
    Column("leader_alias", String(64)),
    Column("bids", Integer, nullable=False),
    Column("ended_at", UtcDateTime),
    Column("transaction_id", Uuid),
    Column("outcome", String(16)),
    Index("ix_stream_auctions_stream_id", "stream_id"),
    Index("ix_stream_auctions_status_ends_at", "status", "ends_at"),
    # one running auction per product, whatever races
    Index(
        "ux_stream_auctions_running_product",
        "product_id",
        unique=True,
        postgresql_where=text("status = 'running'"),
        sqlite_where=text("status = 'running'"),
    ),
)

# A buyer's card saved at the provider for off-session charges (auctions).
saved_payment_methods = Table(
    "saved_payment_methods",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, nullable=False),
    Column("provider", String(32), nullable=False),
    Column("setup_id", String(255), nullable=False),
    Column("customer_id", String(255)),
    Column("status", String(16), nullable=False),
    Column("method_id", String(255)),
    Column("last4", String(4)),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_saved_payment_methods_user_id", "user_id"),
)

# What a stream showed and sold, and when (shoppable replays); ``data`` is a small flat payload.
stream_timeline = Table(
    "stream_timeline",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("stream_id", Uuid, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("kind", String(24), nullable=False),
    Column("product_id", Uuid),
    Column("data", JSON, nullable=False),
    Index("ix_stream_timeline_stream_id_at", "stream_id", "at"),
)

# A giveaway in a live stream: the seed stays secret until ``ended_at`` (commit-then-reveal).
giveaways = Table(
    "giveaways",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("stream_id", Uuid, nullable=False),
    Column("seller_id", Uuid, nullable=False),
    Column("product_id", Uuid, nullable=False),
    Column("followers_only", Boolean, nullable=False),
    Column("seed", String(64), nullable=False),
    Column("seed_commitment", String(64), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime),
    Column("winner_id", Uuid),
    Column("entrants", Integer, nullable=False),
    Index("ix_giveaways_stream_id_ended_at", "stream_id", "ended_at"),
    Index("ix_giveaways_ended_at_ends_at", "ended_at", "ends_at"),
)

giveaway_entries = Table(
    "giveaway_entries",
    metadata,
    Column("giveaway_id", Uuid, nullable=False),
    Column("user_id", Uuid, nullable=False),
    Column("entered_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("giveaway_id", "user_id"),
)

payment_ledger = Table(
    "payment_ledger",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("transaction_id", Uuid, nullable=False),
    Column("seller_id", Uuid, nullable=False),
    Column("kind", String(12), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("event_id", String(255), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index("uq_payment_ledger_transaction_id_event_id_kind", "transaction_id", "event_id", "kind", unique=True),
    Index("ix_payment_ledger_seller_id_currency", "seller_id", "currency"),
)

# Exactly-once: a provider event is applied by whoever inserts its row first.
payment_provider_events = Table(
    "payment_provider_events",
    metadata,
    Column("provider", String(16), nullable=False),
    Column("event_id", String(255), nullable=False),
    Column("transaction_id", Uuid, nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("provider", "event_id"),
)

payout_accounts = Table(
    "payout_accounts",
    metadata,
    Column("user_id", Uuid, primary_key=True),
    Column("provider", String(16), nullable=False),
    Column("account_id", String(255), nullable=False),
    Column("payouts_enabled", Boolean, nullable=False, server_default=text("false")),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("uq_payout_accounts_account_id", "account_id", unique=True),
)

# --- safety (0014) ---------------------------------------------------------------------

SUSPENDED = "banned OR suspended_until IS NOT NULL"
Index("ix_users_suspended", users.c.id, sqlite_where=text(SUSPENDED), postgresql_where=text(SUSPENDED))

user_blocks = Table(
    "user_blocks",
    metadata,
    Column("blocker_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("blocked_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("blocker_id", "blocked_id", name="pk_user_blocks"),
    Index("ix_user_blocks_blocked_id", "blocked_id"),
)

OPEN_REPORT = "status = 'open'"

reports = Table(
    "reports",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("reporter_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("target_type", String(16), nullable=False),
    Column("target_id", Uuid, nullable=False),
    Column("target_owner_id", Uuid),  # whose content it is (for suspend/ban/warn)
    Column("reason", String(32), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("status", String(16), nullable=False),  # open, resolved
    Column("action", String(16)),  # dismiss, remove, warn, suspend, ban
    Column("resolution", Text),
    Column("resolved_by", Uuid),
    Column("created_at", UtcDateTime, nullable=False),
    Column("resolved_at", UtcDateTime),
    Index("ix_reports_reporter_id_created_at", "reporter_id", "created_at"),
    Index("ix_reports_status_created_at", "status", "created_at"),
    Index(
        "uq_reports_open_target",
        "reporter_id",
        "target_type",
        "target_id",
        unique=True,
        sqlite_where=text(OPEN_REPORT),
        postgresql_where=text(OPEN_REPORT),
    ),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("actor_id", Uuid, nullable=False),
    Column("action", String(32), nullable=False),
    Column("target_type", String(16), nullable=False),
    Column("target_id", Uuid, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_audit_log_at", "at"),
)
