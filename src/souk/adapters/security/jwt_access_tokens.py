from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt

from souk.application.ports.access_tokens import AccessClaims, AccessToken, AccessTokens
from souk.domain.accounts.errors import InvalidToken

ALGORITHM = "HS256"
TOKEN_TYPE = "access"


class JwtAccessTokens(AccessTokens):
    """HS256 with the algorithm pinned; iss, aud, exp, iat, sub and typ all required."""

    def __init__(self, secret: str, issuer: str, audience: str, ttl: timedelta = timedelta(minutes=15)) -> None:
        if len(secret) < 32:
            raise ValueError("the JWT secret must have at least 32 characters")
        self._secret = secret
        self._issuer = issuer
        self._audience = audience
        self._ttl = ttl

    def issue(self, user_id: UUID, now: datetime) -> AccessToken:
        expires = now + self._ttl
        claims = {
            "sub": str(user_id),
            "iss": self._issuer,
            "aud": self._audience,
            "iat": int(now.timestamp()),
            "exp": int(expires.timestamp()),
            "typ": TOKEN_TYPE,
        }
        return AccessToken(jwt.encode(claims, self._secret, algorithm=ALGORITHM), int(self._ttl.total_seconds()))

    def verify(self, token: str) -> AccessClaims:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "typ"]},
                leeway=5,
            )
            if claims["typ"] != TOKEN_TYPE:
                raise InvalidToken()
            return AccessClaims(
                user_id=UUID(claims["sub"]),
                issued_at=datetime.fromtimestamp(claims["iat"], UTC),
                expires_at=datetime.fromtimestamp(claims["exp"], UTC),
            )
        except (jwt.PyJWTError, ValueError, TypeError, KeyError) as exc:
            raise InvalidToken() from exc
