"""media: uploaded files and video processing jobs

Revision ID: 0004_media
Revises: 0003_outbox
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from souk.adapters.sql.types import UtcDateTime

revision = "0004_media"
down_revision = "0003_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "media",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("content_type", sa.String(64), nullable=False),
        sa.Column("declared_size", sa.BigInteger(), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("size_bytes", sa.BigInteger()),
        sa.Column("metadata", sa.JSON()),
        sa.Column("outputs", sa.JSON()),
        sa.Column("error", sa.Text()),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name="fk_media_owner_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_media"),
    )
    op.create_index("ix_media_owner_id", "media", ["owner_id"])
    op.create_table(
        "video_jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("media_id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("metadata", sa.JSON()),
        sa.Column("outputs", sa.JSON()),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["media_id"], ["media.id"], name="fk_video_jobs_media_id_media", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_video_jobs"),
    )
    op.create_index("ix_video_jobs_media_id", "video_jobs", ["media_id"])


def downgrade() -> None:
    op.drop_index("ix_video_jobs_media_id", table_name="video_jobs")
    op.drop_table("video_jobs")
    op.drop_index("ix_media_owner_id", table_name="media")
    op.drop_table("media")
