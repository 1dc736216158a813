from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.application.accounts.revoked_sessions import RevokedSessions
from souk.application.ports.access_tokens import AccessClaims, AccessToken, AccessTokens
from souk.domain.accounts.errors import SessionEnded


class SessionCheckedAccessTokens(AccessTokens):
    """Access tokens whose session must still stand: the one place a token is judged, for
    REST (required and optional auth), the WebSocket handshake and ``auth`` frames. The
    check is a set lookup (``RevokedSessions``), so the hot path reads no database."""

    def __init__(self, tokens: AccessTokens, revoked: RevokedSessions) -> None:
        self._tokens = tokens
        self._revoked = revoked

    def issue(self, user_id: UUID, session_id: UUID, now: datetime) -> AccessToken:
        return self._tokens.issue(user_id, session_id, now)

    def verify(self, token: str) -> AccessClaims:
        claims = self._tokens.verify(token)
        if self._revoked.is_revoked(claims.session_id):
            raise SessionEnded()
        return claims
