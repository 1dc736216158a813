"""``auth`` {access_token}: renew a socket before its access token expires. A fresh token of
the same user re-arms the expiry (and moves the socket to that token's session); a bad
token, or one of another user, is an error frame and the socket keeps its old expiry."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import msgspec

from souk.application.ports.access_tokens import AccessTokens
from souk.domain.accounts.errors import InvalidToken
from souk.entrypoints.wire.bodies import Body
from souk.entrypoints.ws.handlers import FrameContext, handles
from souk.entrypoints.ws.inputs import parse


class AuthFrame(Body):
    access_token: Annotated[str, msgspec.Meta(min_length=1, max_length=4096)]


@handles("auth")
async def renew(ctx: FrameContext, data: dict[str, Any]) -> Any:
    frame = parse(data, AuthFrame)
    claims = (await ctx.scope.get(AccessTokens)).verify(frame.access_token)
    connection = ctx.connection
    if claims.user_id != connection.user_id:
        raise InvalidToken("That access token belongs to another user.")
    if claims.session_id != connection.session_id:
        ctx.hub.move_session(connection, claims.session_id)
    connection.expire_at(claims.expires_at)
    return {"expires_in": max(0, int((claims.expires_at - datetime.now(UTC)).total_seconds()))}
