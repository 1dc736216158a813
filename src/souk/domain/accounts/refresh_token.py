"""Refresh tokens: opaque, single use, rotated, grouped in families for theft detection."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

REFRESH_TOKEN_TTL = timedelta(days=30)


def digest_refresh_token(plaintext: str) -> str:
    """Only the digest is stored; a 256-bit random token needs no slow hash."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


@dataclass(slots=True)
class RefreshToken:
    id: UUID
    user_id: UUID
    family_id: UUID
    token_hash: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None

    @classmethod
    def issue(
        cls, token_id: UUID, user_id: UUID, now: datetime, family_id: UUID | None = None
    ) -> tuple[RefreshToken, str]:
        """A new token (in a new family, named by this first token's id, unless given) and its
        plaintext, shown once."""
        plaintext = secrets.token_urlsafe(32)
        token = cls(
            id=token_id,
            user_id=user_id,
            family_id=family_id or token_id,
            token_hash=digest_refresh_token(plaintext),
            created_at=now,
            expires_at=now + REFRESH_TOKEN_TTL,
        )
        return token, plaintext

    def is_live(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at
