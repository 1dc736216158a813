from __future__ import annotations

from dataclasses import dataclass

from souk.domain.accounts.user import User


@dataclass(frozen=True, slots=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


@dataclass(frozen=True, slots=True)
class AuthResult:
    user: User
    tokens: TokenPair | None = None
    mfa_token: str | None = None  # the password was right; a second-factor code completes the sign-in
