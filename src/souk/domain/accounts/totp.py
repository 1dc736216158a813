"""Two-factor sign-in with time-based one-time passwords (RFC 6238: 6 digits, 30-second
steps, SHA-1, as every authenticator app does) and ten single-use backup codes.

A code is accepted in the step before, at or after the current one (clock drift), and
never twice: the factor remembers the last step it accepted, and a code of that step or
an earlier one is refused even when it is right (a code seen over a shoulder or phished
cannot be replayed). Backup codes are stored as keyed digests only."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import pyotp

from souk.domain.shared.secrets import same_secret

TOTP_STEP_S = 30
TOTP_DIGITS = 6
BACKUP_CODE_COUNT = 10
ISSUER = "Souk"


def step_of(now: datetime) -> int:
    return int(now.timestamp()) // TOTP_STEP_S


def is_totp_code(code: str) -> bool:
    return len(code) == TOTP_DIGITS and code.isascii() and code.isdigit()


def normalise_backup_code(code: str) -> str:
    """Backup codes are shown as ``abcde-fghij``; typed with or without the dash or spaces."""
    return "".join(code.split()).replace("-", "").lower()


def backup_digest(key: bytes, user_id: UUID, code: str) -> str:
    return hmac.new(key, b"backup:" + user_id.bytes + normalise_backup_code(code).encode(), hashlib.sha256).hexdigest()


def new_backup_codes() -> list[str]:
    """Ten codes of 50 random bits each, in two groups of five letters and digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (0/o, 1/l/i)
    codes = []
    for _ in range(BACKUP_CODE_COUNT):
        raw = "".join(secrets.choice(alphabet) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


@dataclass(slots=True)
class TotpFactor:
    user_id: UUID
    secret: str  # base32, RFC 4648
    created_at: datetime
    confirmed_at: datetime | None = None
    last_step: int = -1

    @classmethod
    def enrol(cls, user_id: UUID, now: datetime) -> TotpFactor:
        return cls(user_id, pyotp.random_base32(), now)

    @property
    def enabled(self) -> bool:
        return self.confirmed_at is not None

    def provisioning_uri(self, account_name: str) -> str:
        """The ``otpauth://`` URI authenticator apps read (from the QR code)."""
        return pyotp.TOTP(self.secret).provisioning_uri(name=account_name, issuer_name=ISSUER)

    def matching_step(self, code: str, now: datetime) -> int | None:
        """The step whose code this is, within one step of ``now`` and after the last one
        accepted; ``None`` otherwise. The caller claims the step atomically."""
        code = code.strip()
        if not is_totp_code(code):
            return None
        totp, current = pyotp.TOTP(self.secret), step_of(now)
        for step in (current - 1, current, current + 1):
            if step > self.last_step and same_secret(totp.at(step * TOTP_STEP_S), code):
                return step
        return None
