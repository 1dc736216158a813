"""accounts: device sessions, email verification and email codes, two-factor sign-in, social sign-in

Adds ``device_sessions``: one row per session (refresh-token family) with the device the
client named, a coarse place and created/last-seen times, for the session list. Sessions
opened before this revision get a row from their refresh tokens (device unknown, place
"unknown", created at the family's first token, last seen at its latest). Adds
``users.email_verified`` (false for everyone so far: no address was ever proven) and
``email_challenges`` (digests of the codes and link tokens sent by email), ``totp_factors``
and ``mfa_backup_codes`` (keyed digests; each used once), ``oidc_identities`` (provider
subject -> account) and ``oidc_nonces`` (used nonces, until their token expires), ``oidc_web_logins`` (web sign-ins
waiting for the provider's answer: PKCE verifier and nonce, ten minutes).

Revision ID: 0016_accounts
Revises: 0012_private_media
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from souk.adapters.sql.types import UtcDateTime

revision = "0016_accounts"
down_revision = "0015_livemod"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("device_name", sa.String(80)),
        sa.Column("platform", sa.String(16)),
        sa.Column("approx_place", sa.String(120), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_seen_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_device_sessions"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_device_sessions_user_id_users", ondelete="CASCADE"),
    )
    op.create_index("ix_device_sessions_user_id", "device_sessions", ["user_id"])
    op.add_column("users", sa.Column("email_verified", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "email_challenges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("code_digest", sa.String(64), nullable=False),
        sa.Column("link_digest", sa.String(64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("consumed_at", UtcDateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_email_challenges"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_email_challenges_user_id_users", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("link_digest", name="uq_email_challenges_link_digest"),
    )
    op.create_index("ix_email_challenges_email_purpose", "email_challenges", ["email", "purpose", "created_at"])
    op.create_table(
        "totp_factors",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("secret", sa.String(255), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("confirmed_at", UtcDateTime()),
        sa.Column("last_step", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_totp_factors"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_totp_factors_user_id_users", ondelete="CASCADE"),
    )
    op.create_table(
        "mfa_backup_codes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("code_digest", sa.String(64), nullable=False),
        sa.Column("used_at", UtcDateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_mfa_backup_codes"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_mfa_backup_codes_user_id_users", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("user_id", "code_digest", name="uq_mfa_backup_codes_user_id_code_digest"),
    )
    op.create_index("ix_mfa_backup_codes_user_id", "mfa_backup_codes", ["user_id"])
    op.create_table(
        "oidc_identities",
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("provider", "subject", name="pk_oidc_identities"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_oidc_identities_user_id_users", ondelete="CASCADE"),
    )
    op.create_index("ix_oidc_identities_user_id", "oidc_identities", ["user_id"])
    op.create_table(
        "oidc_nonces",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_oidc_nonces"),
    )
    op.create_index("ix_oidc_nonces_expires_at", "oidc_nonces", ["expires_at"])
    op.create_table(
        "oidc_web_logins",
        sa.Column("state_key", sa.String(64), nullable=False),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("code_verifier", sa.String(128), nullable=False),
        sa.Column("nonce", sa.String(128), nullable=False),
        sa.Column("redirect_uri", sa.String(2048), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("state_key", name="pk_oidc_web_logins"),
    )
    op.create_index("ix_oidc_web_logins_expires_at", "oidc_web_logins", ["expires_at"])
    op.execute(
        "INSERT INTO device_sessions (id, user_id, device_name, platform, approx_place, created_at, last_seen_at) "
        "SELECT family_id, user_id, NULL, NULL, 'unknown', MIN(created_at), MAX(created_at) "
        "FROM refresh_tokens GROUP BY family_id, user_id"
    )


def downgrade() -> None:
    op.drop_index("ix_oidc_web_logins_expires_at", "oidc_web_logins")
    op.drop_table("oidc_web_logins")
    op.drop_index("ix_oidc_nonces_expires_at", "oidc_nonces")
    op.drop_table("oidc_nonces")
    op.drop_index("ix_oidc_identities_user_id", "oidc_identities")
    op.drop_table("oidc_identities")
    op.drop_index("ix_mfa_backup_codes_user_id", "mfa_backup_codes")
    op.drop_table("mfa_backup_codes")
    op.drop_table("totp_factors")
    op.drop_index("ix_email_challenges_email_purpose", "email_challenges")
    op.drop_table("email_challenges")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email_verified")
    op.drop_index("ix_device_sessions_user_id", "device_sessions")
    op.drop_table("device_sessions")
