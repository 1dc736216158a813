"""``/ws`` served in front of Litestar. A WebSocket lives for hours and the coroutine frames
of everything that called its handler live as long: Litestar's router, exception handler,
connection object and DI session, and each of our HTTP middlewares — kilobytes per idle
socket, for work done once at the handshake. So the application (``SoukApp``) hands
WebSocket scopes for ``/ws`` straight to this route, which does, once, what those
middlewares did for a socket:

- NUL in the path or query is refused, as every request's (closed 4400; before the
  handshake completes the server answers 403);
- behind ``SOUK_TRUSTED_PROXIES`` the forwarded client goes into the scope and the
  request's origin is what absolute URLs in the socket's answers are built from;
- a request id (X-Request-ID when sane) is bound to the socket's log lines;
- with tracing on, the socket's session is one ASGI span, as before.

Authentication, presence, limits and metrics are the gateway's own (entrypoints/ws/endpoint.py).
Every other path and scope, and every HTTP request, goes through Litestar as before."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from dishka import AsyncContainer
from litestar.enums import ScopeType
from litestar.types import Receive, Scope, Send

from souk.application.request_origin import reset_request_origin, set_request_origin
from souk.bootstrap.tracing import traced_asgi
from souk.entrypoints.http.client_ip import IpNetwork
from souk.entrypoints.http.forwarded import apply_forwarding
from souk.entrypoints.http.request import has_nul
from souk.entrypoints.http.request_context import bind_request_id
from souk.entrypoints.ws.asgi_socket import AsgiSocket
from souk.entrypoints.ws.direct import direct_writer
from souk.entrypoints.ws.endpoint import serve

log = logging.getLogger("souk.ws")

WS_PATH = "/ws"
CLOSE_INVALID_TEXT = 4400  # what Litestar sent for the same 400 problem on a WebSocket
CLOSE_INTERNAL_ERROR = 1011


class SocketRoute:
    __slots__ = ("_container", "_trusted")

    def __init__(self, container: AsyncContainer, trusted: tuple[IpNetwork, ...]) -> None:
        self._container = container
        self._trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if has_nul(scope):
            await send({"type": "websocket.close", "code": CLOSE_INVALID_TEXT, "reason": "invalid_text"})
            return
        bind_request_id(scope)
        token = set_request_origin(apply_forwarding(scope, self._trusted))
        try:
            await serve(self._container, scope, AsgiSocket(receive, send), direct_writer(send))
        except OSError:  # the client left while we sent (the server's ClientDisconnected)
            pass
        except Exception:  # a bug: logged (redacted, with the request id), the socket closed
            log.exception("ws.failed")
            with contextlib.suppress(Exception):
                await send({"type": "websocket.close", "code": CLOSE_INTERNAL_ERROR, "reason": ""})
        finally:
            reset_request_origin(token)


def socket_route(container: AsyncContainer, trusted: tuple[IpNetwork, ...]) -> Any:
    """The ``/ws`` ASGI application (traced when tracing is on)."""
    return traced_asgi(SocketRoute(container, trusted))


def serves_socket(scope: Scope) -> bool:
    """Whether this scope is a WebSocket for ``/ws`` (under the server's root path)."""
    if scope["type"] != ScopeType.WEBSOCKET:
        return False
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path == WS_PATH or (bool(root) and path == root + WS_PATH)
