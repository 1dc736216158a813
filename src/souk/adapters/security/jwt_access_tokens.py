from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt

from souk.application.ports.access_tokens import AccessClaims, AccessToken, AccessTokens
from souk.application.shared.clock import Clock
from souk.domain.accounts.errors import InvalidToken

ALGORITHM = "HS256"
TOKEN_TYPE = "access"
LEEWAY = timedelta(seconds=5)
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub", "typ", "sid"]


class JwtAccessTokens(AccessTokens):
    """HS256 with the algorithm pinned; iss, aud, exp, iat, sub, typ and sid all required.
    Only the signature and the times: whether the session still stands is
    ``SessionCheckedAccessTokens``' question."""

    def __init__(
        self, secret: str, issuer: str, audience: str, clock: Clock, ttl: timedelta = timedelta(minutes=15)
    ) -> None:
        if len(secret) < 32:
            raise ValueError("the JWT secret must have at least 32 characters")
        self._secret = secret
        self._issuer = issuer
        self._audience = audience
        self._ttl = ttl
        self._clock = clock

    @property
    def ttl(self) -> timedelta:
        return self._ttl

    def issue(self, user_id: UUID, session_id: UUID, now: datetime) -> AccessToken:
        expires = now + self._ttl
        claims = {
            "sub": str(user_id),
            "sid": str(session_id),
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
                # Times are checked below against the injected clock, the one tokens are issued by.
                options={
                    "require": REQUIRED_CLAIMS,
                    "verify_exp": False,
                    "verify_iat": False,
                },
            )
            issued_at = datetime.fromtimestamp(int(claims["iat"]), UTC)
            expires_at = datetime.fromtimestamp(int(claims["exp"]), UTC)
            now = self._clock.now()
            if claims["typ"] != TOKEN_TYPE or expires_at <= now - LEEWAY or issued_at > now + LEEWAY:
                raise InvalidToken()
            return AccessClaims(
                user_id=UUID(claims["sub"]),
                session_id=UUID(claims["sid"]),
                issued_at=issued_at,
                expires_at=expires_at,
            )
        except (jwt.PyJWTError, ValueError, TypeError, KeyError) as exc:
            raise InvalidToken() from exc
