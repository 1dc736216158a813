"""Device push tokens: where a user's phones receive pushes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from souk.domain.shared.errors import InvalidInput

MAX_TOKENS_PER_USER = 25
STALE_AFTER = timedelta(days=60)  # FCM's guidance: a token unseen for two months is likely dead
TOKEN_MAX = 512
# FCM and APNs tokens are visible ASCII; surrounding whitespace is stripped first.
TOKEN_PATTERN = f"^\\s*[!-~]{{1,{TOKEN_MAX}}}\\s*$"


class Platform(StrEnum):
    IOS = "ios"
    ANDROID = "android"
    WEB = "web"


class InvalidPushToken(InvalidInput):
    code = "invalid_push_token"
    default_detail = "A push token is 1-512 visible ASCII characters (no spaces)."


@dataclass(frozen=True, slots=True)
class PushToken:
    user_id: UUID
    token: str
    platform: Platform
    last_seen_at: datetime

    @classmethod
    def register(cls, user_id: UUID, token: str, platform: str, now: datetime) -> PushToken:
        value = token.strip()
        if not re.fullmatch(TOKEN_PATTERN, value):
            raise InvalidPushToken(field="token")
        try:
            kind = Platform(platform)
        except ValueError:
            raise InvalidInput("platform is ios, android or web.", field="platform") from None
        return cls(user_id, value, kind, now)
