"""Codes and links sent by email: a 6-digit code (typed in the app) and a long link token
(clicked), both for one challenge; 30 minutes, five wrong codes at most, used once."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from souk.domain.accounts.errors import OtpExpired, OtpLocked

EMAIL_CODE_TTL = timedelta(minutes=30)
EMAIL_CODE_MAX_ATTEMPTS = 5
_DIGITS = 6


class EmailPurpose(StrEnum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"


def code_digest(key: bytes, challenge_id: UUID, code: str) -> str:
    """Keyed: a leaked table alone does not give six-digit codes away (they are guessable)."""
    return hmac.new(key, b"email:" + challenge_id.bytes + code.encode(), hashlib.sha256).hexdigest()


def link_digest(token: str) -> str:
    """A 256-bit random link token needs no key: the digest is its lookup key."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(slots=True)
class EmailChallenge:
    id: UUID
    user_id: UUID
    email: str
    purpose: EmailPurpose
    code_digest: str
    link_digest: str
    created_at: datetime
    expires_at: datetime
    attempts: int = 0
    consumed_at: datetime | None = None

    @classmethod
    def issue(
        cls, challenge_id: UUID, user_id: UUID, email: str, purpose: EmailPurpose, now: datetime, key: bytes
    ) -> tuple[EmailChallenge, str, str]:
        """The challenge, its code and its link token (both shown once, in the mail)."""
        code = f"{secrets.randbelow(10**_DIGITS):0{_DIGITS}d}"
        token = secrets.token_urlsafe(32)
        challenge = cls(
            challenge_id,
            user_id,
            email,
            purpose,
            code_digest(key, challenge_id, code),
            link_digest(token),
            now,
            now + EMAIL_CODE_TTL,
        )
        return challenge, code, token

    def ensure_open(self, now: datetime) -> None:
        if self.attempts >= EMAIL_CODE_MAX_ATTEMPTS:
            raise OtpLocked()
        if now >= self.expires_at:
            raise OtpExpired()

    def matches(self, code: str, key: bytes) -> bool:
        return hmac.compare_digest(self.code_digest, code_digest(key, self.id, code))
