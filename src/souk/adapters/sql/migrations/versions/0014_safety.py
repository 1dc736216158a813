"""safety: blocks, reports, the staff audit log, suspensions on users

Adds ``user_blocks`` (one row per blocker and blocked), ``reports`` (at most one open per
reporter and target: a partial unique index), ``audit_log`` (append-only: the application
only inserts), ``products.taken_down_at`` and, on ``users``, ``suspended_until``, ``banned`` and ``suspension_reason``
(NULL/false: not suspended, so existing rows are unchanged).

Revision ID: 0014_safety
Revises: 0012_private_media
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from souk.adapters.sql.types import UtcDateTime

revision = "0014_safety"
down_revision = "0013_payments"
branch_labels = None
depends_on = None

OPEN_REPORT = "status = 'open'"
SUSPENDED = "banned OR suspended_until IS NOT NULL"


def upgrade() -> None:
    op.add_column("products", sa.Column("taken_down_at", UtcDateTime()))
    op.add_column("users", sa.Column("suspended_until", UtcDateTime()))
    op.add_column("users", sa.Column("banned", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("users", sa.Column("suspension_reason", sa.Text()))
    op.create_index(
        "ix_users_suspended", "users", ["id"], sqlite_where=sa.text(SUSPENDED), postgresql_where=sa.text(SUSPENDED)
    )
    op.create_table(
        "user_blocks",
        sa.Column("blocker_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("blocked_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("blocker_id", "blocked_id", name="pk_user_blocks"),
    )
    op.create_index("ix_user_blocks_blocked_id", "user_blocks", ["blocked_id"])
    op.create_table(
        "reports",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("reporter_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("target_type", sa.String(16), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        sa.Column("target_owner_id", sa.Uuid()),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("action", sa.String(16)),
        sa.Column("resolution", sa.Text()),
        sa.Column("resolved_by", sa.Uuid()),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("resolved_at", UtcDateTime()),
    )
    op.create_index("ix_reports_reporter_id_created_at", "reports", ["reporter_id", "created_at"])
    op.create_index("ix_reports_status_created_at", "reports", ["status", "created_at"])
    op.create_index(
        "uq_reports_open_target",
        "reports",
        ["reporter_id", "target_type", "target_id"],
        unique=True,
        sqlite_where=sa.text(OPEN_REPORT),
        postgresql_where=sa.text(OPEN_REPORT),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("actor_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target_type", sa.String(16), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("reports")
    op.drop_table("user_blocks")
    with op.batch_alter_table("products") as batch:
        batch.drop_column("taken_down_at")
    op.drop_index("ix_users_suspended", "users")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("suspension_reason")
        batch.drop_column("banned")
        batch.drop_column("suspended_until")
