"""private media: uploads at private keys, processed images, images and avatars by media id

Adds ``media.original_key`` (where the upload is kept: ``originals/...`` with a random part;
NULL for rows from before, whose key is computed as it always was), ``media.image`` (the
processed variants of an image), ``video_jobs.kind`` (images are processed by jobs too),
``products.image_media_ids`` and ``users.avatar_media_id``. Every new column is nullable
and means "nothing" when NULL, so existing rows keep working unchanged (their
``image_urls`` and ``avatar_url`` still show).

Revision ID: 0012_private_media
Revises: 0011_public_points
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_private_media"
down_revision = "0011_public_points"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("media", sa.Column("original_key", sa.String(300)))
    op.add_column("media", sa.Column("image", sa.JSON()))
    op.add_column("video_jobs", sa.Column("kind", sa.String(8)))
    op.add_column("products", sa.Column("image_media_ids", sa.JSON()))
    op.add_column("users", sa.Column("avatar_media_id", sa.Uuid()))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("avatar_media_id")
    with op.batch_alter_table("products") as batch:
        batch.drop_column("image_media_ids")
    with op.batch_alter_table("video_jobs") as batch:
        batch.drop_column("kind")
    with op.batch_alter_table("media") as batch:
        batch.drop_column("image")
        batch.drop_column("original_key")
