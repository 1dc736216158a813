"""One-time phone codes: six digits, five minutes, five wrong tries at most."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from souk.domain.accounts.errors import OtpExpired, OtpLocked
from souk.domain.accounts.values import PhoneNumber

OTP_TTL = timedelta(minutes=5)
OTP_MAX_ATTEMPTS = 5
OTP_DIGITS = 6


class OtpPurpose(StrEnum):
    VERIFY_PHONE = "verify_phone"
    LOGIN = "login"
    RESET_PASSWORD = "reset_password"


def otp_digest(key: bytes, challenge_id: UUID, code: str) -> str:
    """Keyed digest: a leaked table alone does not give the codes away."""
    return hmac.new(key, challenge_id.bytes + code.encode(), hashlib.sha256).hexdigest()


@dataclass(slots=True)
class OtpChallenge:
    id: UUID
    phone: PhoneNumber
    purpose: OtpPurpose
    code_digest: str
    created_at: datetime
    expires_at: datetime
    attempts: int = 0
    consumed_at: datetime | None = None

    @classmethod
    def issue(
        cls, challenge_id: UUID, phone: PhoneNumber, purpose: OtpPurpose, now: datetime, key: bytes
    ) -> tuple[OtpChallenge, str]:
        code = f"{secrets.randbelow(10**OTP_DIGITS):0{OTP_DIGITS}d}"
        challenge = cls(
            id=challenge_id,
            phone=phone,
            purpose=purpose,
            code_digest=otp_digest(key, challenge_id, code),
            created_at=now,
            expires_at=now + OTP_TTL,
        )
        return challenge, code

    def ensure_open(self, now: datetime) -> None:
        if self.attempts >= OTP_MAX_ATTEMPTS:
            raise OtpLocked()
        if now >= self.expires_at:
            raise OtpExpired()

    def matches(self, code: str, key: bytes) -> bool:
        return hmac.compare_digest(self.code_digest, otp_digest(key, self.id, code))

    @property
    def attempts_left(self) -> int:
        return max(0, OTP_MAX_ATTEMPTS - self.attempts)
