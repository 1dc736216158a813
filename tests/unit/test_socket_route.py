"""``/ws`` in front of Litestar (bootstrap/socket_route.py): which scopes it takes, and that
it does for a socket what the HTTP middlewares did — NUL refused, the trusted proxy's
client and origin, a request id on the log lines — and that a bug is logged and closes 1011."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

import pytest
import structlog

from souk.application.request_origin import request_origin
from souk.bootstrap import socket_route as module
from souk.bootstrap.socket_route import CLOSE_INVALID_TEXT, SocketRoute, serves_socket

PROXY = (ipaddress.ip_network("10.0.0.0/8"),)


def scope(path: str = "/ws", query: bytes = b"", headers: list[tuple[bytes, bytes]] | None = None) -> dict[str, Any]:
    return {
        "type": "websocket",
        "path": path,
        "root_path": "",
        "query_string": query,
        "scheme": "ws",
        "client": ("10.1.2.3", 5555),
        "headers": headers or [(b"host", b"internal:8000")],
    }


class Sent:
    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    async def __call__(self, message: dict[str, Any]) -> None:
        self.messages.append(message)


async def nothing() -> dict[str, Any]:
    raise AssertionError("not read")


def test_only_websocket_scopes_for_ws_are_served_in_front_of_litestar() -> None:
    assert serves_socket(scope())
    assert serves_socket({**scope("/api/ws"), "root_path": "/api"})
    assert not serves_socket(scope("/ws/"))
    assert not serves_socket(scope("/wsx"))
    assert not serves_socket({**scope(), "type": "http"})


async def test_nul_in_the_query_is_refused_before_anything_else(monkeypatch: pytest.MonkeyPatch) -> None:
    async def must_not_serve(*args: Any) -> None:
        raise AssertionError("served")

    monkeypatch.setattr(module, "serve", must_not_serve)
    send = Sent()
    await SocketRoute(None, ())(scope(query=b"token=a%00b"), nothing, send)  # type: ignore[arg-type]
    assert send.messages == [{"type": "websocket.close", "code": CLOSE_INVALID_TEXT, "reason": "invalid_text"}]


async def test_the_socket_sees_the_forwarded_client_origin_and_a_request_id(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    async def serve(container: Any, scope: dict[str, Any], socket: Any, direct: Any) -> None:
        seen.update(
            client=scope["client"],
            origin=request_origin(),
            request_id=structlog.contextvars.get_contextvars().get("request_id"),
            socket=socket,
        )

    monkeypatch.setattr(module, "serve", serve)
    headers = [
        (b"host", b"internal:8000"),
        (b"x-forwarded-for", b"203.0.113.9"),
        (b"x-forwarded-proto", b"https"),
        (b"x-forwarded-host", b"api.example.com"),
        (b"x-request-id", b"abc-123"),
    ]
    send = Sent()
    await SocketRoute(None, PROXY)(scope(headers=headers), nothing, send)  # type: ignore[arg-type]
    assert seen["client"] == ("203.0.113.9", 0)
    assert seen["origin"] == "https://api.example.com"
    assert seen["request_id"] == "abc-123"
    assert seen["socket"].send is send  # the server's own send, nothing wrapped around it
    assert request_origin() is None  # reset when the socket is done


async def test_a_bug_is_logged_and_closes_1011_a_client_gone_is_not(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: Any) -> None:
        raise RuntimeError("bug")

    async def gone(*args: Any) -> None:
        raise ConnectionResetError("client left")

    monkeypatch.setattr(module, "serve", broken)
    send = Sent()
    with caplog.at_level(logging.ERROR, logger="souk.ws"):
        await SocketRoute(None, ())(scope(), nothing, send)  # type: ignore[arg-type]
    assert send.messages == [{"type": "websocket.close", "code": 1011, "reason": ""}]
    assert [r.message for r in caplog.records] == ["ws.failed"]

    monkeypatch.setattr(module, "serve", gone)
    caplog.clear()
    send = Sent()
    await SocketRoute(None, ())(scope(), nothing, send)  # type: ignore[arg-type]
    assert send.messages == []
    assert caplog.records == []
