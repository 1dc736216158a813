"""Social sign-in (OpenID Connect): what a verified ID token says, and the rules Souk adds.

An account is found by the provider's subject (``sub``), never by an email address: an
address on a provider account proves nothing about a Souk account with the same address,
so linking an existing account needs that account's own proof (its password)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from souk.domain.shared.secrets import same_secret


class OidcProvider(StrEnum):
    GOOGLE = "google"
    APPLE = "apple"


@dataclass(frozen=True, slots=True)
class IdClaims:
    """An ID token whose signature, issuer, audience and expiry have been checked."""

    provider: OidcProvider
    subject: str
    expires_at: datetime
    nonce: str | None = None
    email: str | None = None
    email_verified: bool = False
    name: str | None = None


def nonce_matches(claimed: str | None, given: str) -> bool:
    """The token's ``nonce`` is the one the client made (Google), or its SHA-256 in hex
    (Sign in with Apple's native flow hashes it)."""
    if not claimed or not given:
        return False
    hashed = hashlib.sha256(given.encode()).hexdigest()
    return same_secret(claimed, given) or same_secret(claimed, hashed)


def nonce_key(provider: OidcProvider, nonce: str) -> str:
    """What is remembered of a used nonce (until its token expires): a digest."""
    return hashlib.sha256(f"{provider.value}:{nonce}".encode()).hexdigest()


def username_base(claims: IdClaims) -> str:
    """A starting point for the new account's username (editable later): the email's local
    part or the name, reduced to what usernames allow."""
    raw = (claims.email or "").partition("@")[0] or claims.name or "member"
    cleaned = re.sub(r"[^a-z0-9_]", "", raw.lower().replace(".", "_").replace("-", "_"))[:20]
    return cleaned if len(cleaned) >= 3 else f"member{cleaned}"
