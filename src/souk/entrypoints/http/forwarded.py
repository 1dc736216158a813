"""ASGI middleware, outermost: who called and which address they called, decided once by
``client_ip`` (one trust rule for ``SOUK_TRUSTED_PROXIES``). Behind a trusted proxy the
scope's client becomes the forwarded client (so logs, limits and Litestar agree) and the
request's origin (``X-Forwarded-Proto``/``-Host``, else its own scheme and ``Host``) is
what absolute URLs are built from while it is served (``application/request_origin.py``)."""

from __future__ import annotations

from litestar.types import ASGIApp, Receive, Scope, Send

from souk.application.request_origin import reset_request_origin, set_request_origin
from souk.entrypoints.http.client_ip import IpNetwork, client_ip, request_origin


class ForwardedMiddleware:
    def __init__(self, app: ASGIApp, trusted: tuple[IpNetwork, ...] = ()) -> None:
        self.app = app
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        token = set_request_origin(apply_forwarding(scope, self.trusted))
        try:
            await self.app(scope, receive, send)
        finally:
            reset_request_origin(token)


def apply_forwarding(scope: Scope, trusted: tuple[IpNetwork, ...]) -> str | None:
    """Behind a trusted proxy, put the forwarded client in the scope; the request's origin.
    (Also used in front of Litestar for ``/ws``: bootstrap/socket_route.py.)"""
    headers = _headers(scope)
    client = scope.get("client")
    peer = client[0] if client else None
    origin = request_origin(
        scope.get("scheme", "http"),
        headers.get("host"),
        peer,
        headers.get("x-forwarded-proto"),
        headers.get("x-forwarded-host"),
        trusted,
    )
    if trusted and peer is not None:
        forwarded = client_ip(peer, headers.get("x-forwarded-for"), trusted)
        if forwarded != peer:
            scope["client"] = (forwarded, 0)
    return origin


def _headers(scope: Scope) -> dict[str, str]:
    """The headers this middleware reads (repeated ones joined with commas, in order)."""
    wanted = {b"host", b"x-forwarded-proto", b"x-forwarded-host", b"x-forwarded-for"}
    found: dict[str, str] = {}
    for name, value in scope.get("headers", ()):
        if name in wanted:
            key = name.decode("latin-1")
            text = value.decode("latin-1")
            found[key] = f"{found[key]}, {text}" if key in found else text
    return found
