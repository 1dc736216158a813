"""social: notifications (and the consumer's mark on the outbox), likes, comments, push tokens

Revision ID: 0009_social
Revises: 0005_negotiation
Create Date: 2026-11-22
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from souk.adapters.sql.types import UtcDateTime

revision = "0009_social"
down_revision = "0008_streams"
branch_labels = None
depends_on = None


def _partial(where: str) -> dict[str, Any]:
    return {"postgresql_where": sa.text(where), "sqlite_where": sa.text(where)}


def _user_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], name=f"fk_{table}_{column}_users", ondelete="CASCADE")


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("notified_at", UtcDateTime()))
        batch.add_column(sa.Column("notify_claimed_until", UtcDateTime()))
    # Events from before notifications existed are history, not news.
    op.execute("UPDATE outbox SET notified_at = created_at")
    op.create_index("ix_outbox_unnotified", "outbox", ["created_at"], **_partial("notified_at IS NULL"))

    # Going live walks a seller's followers in id ranges (batches of the fan-out).
    op.create_index("ix_follows_followee_id_follower_id", "follows", ["followee_id", "follower_id"])

    op.create_table(
        "notifications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("source_event_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("read_at", UtcDateTime()),
        sa.Column("pushed_at", UtcDateTime()),
        _user_fk("notifications", "user_id"),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
        sa.UniqueConstraint("source_event_id", "user_id", "type", name="uq_notifications_source_event_id_user_id_type"),
    )
    op.create_index("ix_notifications_user_id_created_at_id", "notifications", ["user_id", "created_at", "id"])
    op.create_index(
        "ix_notifications_unread", "notifications", ["user_id", "created_at", "id"], **_partial("read_at IS NULL")
    )

    op.create_table(
        "likes",
        sa.Column("target_type", sa.String(10), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        _user_fk("likes", "user_id"),
        sa.PrimaryKeyConstraint("target_type", "target_id", "user_id", name="pk_likes"),
    )
    op.create_index("ix_likes_user_id_created_at", "likes", ["user_id", "created_at"])
    op.create_table(
        "like_counts",
        sa.Column("target_type", sa.String(10), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        sa.Column("likes_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("target_type", "target_id", name="pk_like_counts"),
    )

    op.create_table(
        "comments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("target_type", sa.String(10), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("parent_id", sa.Uuid()),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("replies_count", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        _user_fk("comments", "author_id"),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["comments.id"], name="fk_comments_parent_id_comments", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_comments"),
    )
    op.create_index(
        "ix_comments_top_level",
        "comments",
        ["target_type", "target_id", "created_at", "id"],
        **_partial("parent_id IS NULL"),
    )
    op.create_index("ix_comments_parent_id_created_at_id", "comments", ["parent_id", "created_at", "id"])

    op.create_table(
        "push_tokens",
        sa.Column("token", sa.String(512), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("platform", sa.String(8), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_seen_at", UtcDateTime(), nullable=False),
        _user_fk("push_tokens", "user_id"),
        sa.PrimaryKeyConstraint("token", name="pk_push_tokens"),
    )
    op.create_index("ix_push_tokens_user_id_last_seen_at", "push_tokens", ["user_id", "last_seen_at"])


def downgrade() -> None:
    op.drop_table("push_tokens")
    op.drop_table("comments")
    op.drop_table("like_counts")
    op.drop_table("likes")
    op.drop_table("notifications")
    op.drop_index("ix_follows_followee_id_follower_id", table_name="follows")
    op.drop_index("ix_outbox_unnotified", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("notify_claimed_until")
        batch.drop_column("notified_at")
