from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, slots=True)
class AccessToken:
    token: str
    expires_in: int


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: UUID
    session_id: UUID  # the refresh-token family the token was minted for
    issued_at: datetime
    expires_at: datetime


class AccessTokens(Protocol):
    def issue(self, user_id: UUID, session_id: UUID, now: datetime) -> AccessToken: ...

    def verify(self, token: str) -> AccessClaims:
        """Raises InvalidToken for anything but a well-signed, unexpired access token of a
        session that has not ended."""
        ...
