"""The ``Authorization: Bearer <token>`` header, read the same way by HTTP and WebSocket."""

from __future__ import annotations

from souk.domain.accounts.errors import InvalidToken


def bearer_token(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("Send an access token as `Authorization: Bearer <token>`.")
    return token.strip()
