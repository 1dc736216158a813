"""The stream key: the seller's secret that authorises an RTMP push. 256 random bits,
shown once, stored only as a digest (a key this long needs no slow hash)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

KEY_BYTES = 32


@dataclass(frozen=True, slots=True)
class IssuedKey:
    plain: str
    digest: str


def issue_key() -> IssuedKey:
    plain = "sk_" + secrets.token_urlsafe(KEY_BYTES)
    return IssuedKey(plain, digest_of(plain))


def digest_of(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()
