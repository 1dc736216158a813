"""ASGI middleware: a request id on every request (taken from X-Request-ID when sane),
bound to every log line, echoed in the response, and one access-log line per request."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

_SAFE_ID = re.compile(rb"^[A-Za-z0-9._\-]{1,128}$")
access_log = structlog.get_logger("souk.access")


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, log_requests: bool = True) -> None:
        self.app = app
        self.log_requests = log_requests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = bind_request_id(scope)
        started = time.perf_counter()
        status: dict[str, Any] = {"code": 0}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if self.log_requests and scope["type"] == ScopeType.HTTP:
                access_log.info(
                    "http.request",
                    method=scope.get("method"),
                    path=scope.get("path"),
                    status=status["code"],
                    duration_ms=round((time.perf_counter() - started) * 1000, 2),
                )


def bind_request_id(scope: Scope) -> bytes:
    """The request's id (X-Request-ID when sane, else a new one), bound to every log line of
    this task. (Also used in front of Litestar for ``/ws``: bootstrap/socket_route.py.)"""
    request_id = _incoming_id(scope) or uuid.uuid4().hex.encode()
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=request_id.decode())
    return request_id


def _incoming_id(scope: Scope) -> bytes | None:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            return value if _SAFE_ID.match(value) else None
    return None
