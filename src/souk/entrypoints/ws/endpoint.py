"""``GET /ws``: authenticate at the handshake, then read frames until the client leaves,
goes idle or misbehaves past its budget. Every frame runs in its own DI request scope."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import parse_qsl

import msgspec
from dishka import AsyncContainer
from litestar.types import Scope

from souk.application.accounts.redeem_realtime_ticket import RedeemRealtimeTicket
from souk.application.accounts.revoked_sessions import RevokedSessions
from souk.application.ports.access_tokens import AccessClaims, AccessTokens
from souk.application.ports.presence import Presence
from souk.application.realtime.announce_presence import AnnouncePresence
from souk.application.system.outages import Outages
from souk.domain.accounts.errors import InvalidToken
from souk.domain.shared.errors import DomainError
from souk.entrypoints import json_input
from souk.entrypoints.bearer import bearer_token
from souk.entrypoints.ws import (  # noqa: F401  (importing registers their frame handlers)
    auction_handlers,
    conversation_handlers,
    frames,
    giveaway_handlers,
    offer_handlers,
    sale_handlers,
    session_handlers,
    stream_handlers,
    typing_handlers,
)
from souk.entrypoints.ws.asgi_socket import AsgiSocket
from souk.entrypoints.ws.connection import CLOSE_UNAUTHORIZED, Connection
from souk.entrypoints.ws.direct import DirectWriter
from souk.entrypoints.ws.frame_data import ConnectedData
from souk.entrypoints.ws.handlers import HANDLERS, FrameContext
from souk.entrypoints.ws.hub import Hub
from souk.entrypoints.ws.metrics import CONNECTIONS, FRAMES_RECEIVED
from souk.entrypoints.ws.throttle import TokenBucket

log = logging.getLogger("souk.ws")

IDLE_TIMEOUT_S = 75.0  # clients heartbeat every ~25 s; three missed beats and we let go
MAX_CONNECTIONS_PER_USER = 10
FRAMES_PER_SECOND, FRAME_BURST = 10.0, 30.0
CLOSE_TOO_MANY, CLOSE_TRY_AGAIN = 4429, 1013


async def serve(container: AsyncContainer, scope: Scope, socket: AsgiSocket, direct: DirectWriter | None) -> None:
    """One socket, on the server's own ``receive`` and ``send`` (``socket``) and transport
    (``direct``), called in front of Litestar (bootstrap/socket_route.py): no framework
    connection object, middleware frame or per-socket DI scope stays alive with it. Each
    frame opens its own REQUEST scope from the application's container."""
    try:
        claims = await _authenticate(scope, container)
    except InvalidToken:
        await socket.close(code=CLOSE_UNAUTHORIZED, reason="invalid or missing access token")
        return
    except Exception as exc:  # the ticket store (Redis) is away: refused, never a 500
        if (await container.get(Outages)).recognise(exc, "ws-auth") is None:
            log.warning("ws.auth_unavailable", exc_info=True)
        await socket.close(code=CLOSE_TRY_AGAIN, reason="try again later")
        return

    user_id, session_id, expires_at = claims.user_id, claims.session_id, claims.expires_at
    del claims  # this frame lives as long as the socket: it keeps only what it uses
    hub, presence, outages = await container.get(Hub), await container.get(Presence), await container.get(Outages)
    await hub.ensure_relay()
    if not await socket.accept():
        return
    forget_handshake(scope, direct)
    connection = Connection(socket, user_id, direct=direct, session_id=session_id)
    came_online, live = await _register(presence, connection, outages)
    if live > MAX_CONNECTIONS_PER_USER:
        await presence.disconnect(connection.user_id, connection.id)
        await socket.close(code=CLOSE_TOO_MANY, reason="too many connections for this user")
        return
    hub.add(connection)
    CONNECTIONS.inc()
    connection.expire_at(expires_at)
    if (await container.get(RevokedSessions)).is_revoked(session_id):  # ended while we shook hands
        connection.end(CLOSE_UNAUTHORIZED, "session ended")
    connection.push(frames.encode("connected", ConnectedData(connection.user_id)))
    if came_online:
        await _announce(container, connection, outages, online=True)
    try:
        await _read_frames(connection, hub, container, outages)
    finally:
        typing_handlers.stop_all_typing(hub, connection)
        hub.remove(connection)
        CONNECTIONS.dec()
        await connection.stop()
        try:
            went_offline = await presence.disconnect(connection.user_id, connection.id)
        except Exception:  # Redis is away: the connection expires and the sweep announces it
            went_offline = False
        if went_offline:
            await _announce(container, connection, outages, online=False)


def forget_handshake(scope: Scope, direct: DirectWriter | None) -> None:
    """Once accepted, the socket needs nothing of its handshake: the request's headers (and
    the access token in them or in the query) are dropped from the scope, which the server
    and this coroutine hold for the socket's whole life, and the server lets go of its own
    copy, and makes do with lighter per-socket state, where we know how (direct.py)."""
    scope["headers"] = []
    scope["query_string"] = b""
    if direct is not None:
        direct.lighten()


async def _authenticate(scope: Scope, container: AsyncContainer) -> AccessClaims:
    """A ticket (``?ticket=``, browsers), else ``Authorization: Bearer`` (native clients), else
    ``?token=`` (kept for compatibility); each judged with the session check."""
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    ticket = next((value for name, value in query if name == "ticket"), None)
    if ticket is not None:
        redeem: RedeemRealtimeTicket = await container.get(RedeemRealtimeTicket)
        return await redeem(ticket)
    header = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k.lower() == b"authorization"), None)
    query_token = next((value for name, value in query if name == "token"), "")
    token: str = bearer_token(header) if header is not None else query_token
    tokens: AccessTokens = await container.get(AccessTokens)
    return tokens.verify(token)


async def _register(presence: Presence, connection: Connection, outages: Outages) -> tuple[bool, int]:
    """``(came_online, live connections)``; while Redis is away the socket still opens
    (presence is a courtesy, messages are not) and counts as one connection."""
    try:
        return await presence.connect(connection.user_id, connection.id)
    except Exception as exc:
        if outages.recognise(exc, "ws-presence") is None:  # an outage is logged once, there
            log.warning("ws.presence_unavailable user=%s", connection.user_id, exc_info=True)
        return False, 1


async def _announce(container: AsyncContainer, connection: Connection, outages: Outages, *, online: bool) -> None:
    try:
        async with container() as scope:
            await (await scope.get(AnnouncePresence))(connection.user_id, online)
    except Exception as exc:
        if outages.recognise(exc, "ws-presence") is None:
            log.warning("ws.presence_not_announced user=%s online=%s", connection.user_id, online, exc_info=True)


async def _read_frames(connection: Connection, hub: Hub, container: AsyncContainer, outages: Outages) -> None:
    budget = TokenBucket(FRAMES_PER_SECOND, FRAME_BURST)
    socket = connection.socket
    clock = asyncio.get_running_loop().time
    connection.watch_idle(IDLE_TIMEOUT_S)  # closes 4408 after IDLE_TIMEOUT_S without a frame
    while not connection.closing:
        message = await socket.receive()
        if message["type"] != "websocket.receive":
            return
        connection.last_seen = clock()
        raw: Any = message.get("text")
        raw = raw.encode() if raw is not None else message.get("bytes") or b""
        answer = await _answer(raw, connection, hub, container, budget, outages)
        if answer:
            connection.push(answer)


async def _answer(
    raw: bytes, connection: Connection, hub: Hub, container: AsyncContainer, budget: TokenBucket, outages: Outages
) -> bytes:
    if len(raw) > frames.MAX_FRAME_BYTES:
        return frames.error("frame_too_large", f"Frames are limited to {frames.MAX_FRAME_BYTES} bytes.")
    try:
        frame = frames.decode(raw)
    except json_input.JsonRejected as exc:
        FRAMES_RECEIVED.labels("invalid").inc()
        code = "invalid_text" if exc.code == "invalid_text" else "bad_frame"
        return frames.error(code, f"Expected {{type, ref?, data?}} JSON: {exc.detail}")
    except msgspec.ValidationError as exc:
        FRAMES_RECEIVED.labels("invalid").inc()
        return frames.error("bad_frame", f"Expected {{type, ref?, data?}} JSON: {exc}")
    if not budget.take():
        return frames.error("rate_limited", "Too many frames; slow down.", frame.ref)
    handler = HANDLERS.get(frame.type)
    FRAMES_RECEIVED.labels(frame.type if handler is not None else "unknown").inc()
    if handler is None:
        return frames.error("unknown_type", f"Unknown frame type {frame.type!r}.", frame.ref)
    try:
        async with container() as scope:
            result = await handler(FrameContext(connection, hub, scope), frame.data)
    except DomainError as exc:
        return frames.error(exc.code, exc.detail, frame.ref)
    except Exception as exc:
        outage = outages.recognise(exc, "ws")
        if outage is not None:  # logged once per outage by ``outages``; the socket stays open
            return frames.error(outage.code, outage.detail, frame.ref, retry_after=outage.retry_after_s)
        log.exception("ws.handler_failed type=%s", frame.type)
        return frames.error("internal_error", "Something went wrong on our side; it has been logged.", frame.ref)
    return frames.encode("ack", result, frame.ref) if frame.ref is not None else b""
