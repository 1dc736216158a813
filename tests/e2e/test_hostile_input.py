"""Issue 13, finding 7: hostile text, bodies, paths and frames against a real ``souk serve``
on both deployments get 400/404 problem details or an error frame with a stable code:
never a 500, a traceback in the log, a half-written state or a dropped socket."""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.e2e.served import INGEST_SECRET, Served, served_fixture  # noqa: F401  (the `served` fixture)

DEEP = 5000
NUL_BODY = '{"display_name": "a\\u0000b"}'


def assert_problem(status: int, body: bytes, expected: tuple[int, ...], code: str | None = None) -> dict[str, Any]:
    assert status in expected, (status, body)
    problem: dict[str, Any] = json.loads(body)
    assert problem["status"] == status, problem
    assert problem["code"], problem
    if code:
        assert problem["code"] == code, problem
    return problem


def send(
    served: Served, method: str, path: str, body: bytes | None = None, token: str | None = None
) -> tuple[int, bytes]:
    """Bytes exactly as given (httpx would normalise ``.`` segments in a path)."""
    address = urlsplit(served.base)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=30)
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    try:
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def test_nul_in_any_text_field_is_invalid_text_and_nothing_is_written(served: Served) -> None:
    _, token = served.register()
    before = httpx.get(f"{served.base}/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}).json()
    for body in (NUL_BODY, '{"bio": "fine", "display_name": "ok\\u0000"}'):
        status, answer = send(served, "PATCH", "/api/v1/users/me", body.encode(), token)
        problem = assert_problem(status, answer, (400,), "invalid_text")
        assert problem["errors"][0]["field"] == "display_name"
    after = httpx.get(f"{served.base}/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert after == before  # not even the valid `bio` of the second body
    register = b'{"username": "nul\\u0000user", "password": "correct horse battery", "display_name": "N"}'
    assert_problem(*send(served, "POST", "/api/v1/auth/register", register), (400,), "invalid_text")
    assert_problem(*send(served, "GET", "/api/v1/products/search?q=a%00b"), (400,), "invalid_text")
    # the text "\u0000" (an escaped backslash) is plain text, stored as such
    status, answer = send(served, "PATCH", "/api/v1/users/me", b'{"bio": "C:\\\\u0000"}', token)
    assert status == 200, answer
    assert json.loads(answer)["bio"] == "C:\\u0000"
    assert served.tracebacks() == []


@pytest.mark.parametrize("authenticated", [False, True])
def test_json_nested_5000_deep_is_invalid_json(served: Served, authenticated: bool) -> None:
    deep = b'{"display_name": ' + b"[" * DEEP + b"]" * DEEP + b"}"
    if authenticated:
        _, token = served.register()
        assert_problem(*send(served, "PATCH", "/api/v1/users/me", deep, token), (400,), "invalid_json")
    else:
        assert_problem(*send(served, "POST", "/api/v1/auth/login", deep), (400,), "invalid_json")
    assert served.tracebacks() == []


def test_invalid_utf8_body_is_invalid_encoding(served: Served) -> None:
    _, token = served.register()
    bad = b'{"display_name": "\xff\xfe"}'
    assert_problem(*send(served, "PATCH", "/api/v1/users/me", bad, token), (400,), "invalid_encoding")
    assert_problem(*send(served, "POST", "/api/v1/auth/login", b'"\xc3\x28"'), (400,), "invalid_encoding")
    assert served.tracebacks() == []


@pytest.mark.parametrize(
    "path",
    ["media/.", "media/a/./b", "media/%00", "media/" + "k" * 5000, "media/a//b", "media/..", "media/%2e%2e/x"],
)
def test_hostile_media_paths_are_404_or_400_without_auth(served: Served, path: str) -> None:
    assert_problem(*send(served, "GET", f"/media/files/{path}"), (400, 404))
    assert served.tracebacks() == []


@pytest.fixture
def socket(served: Served) -> Any:
    _, token = served.register()
    with connect(f"{served.ws}?token={token}", max_size=None, open_timeout=30) as ws:
        assert next_frame(ws)["type"] == "connected"
        yield ws


def next_frame(ws: ClientConnection, frame_type: str | None = None) -> dict[str, Any]:
    while True:
        frame: dict[str, Any] = json.loads(ws.recv(timeout=15))
        if frame_type is None or frame["type"] == frame_type:
            return frame


def send_then_read(ws: ClientConnection, text: str) -> dict[str, Any]:
    ws.send(text)
    return next_frame(ws)


def still_open(ws: ClientConnection, ref: str) -> None:
    ws.send(json.dumps({"type": "heartbeat", "ref": ref}))
    assert next_frame(ws, "ack")["ref"] == ref


def test_a_frame_with_1000_deep_data_is_bad_frame_and_the_socket_lives(
    served: Served, socket: ClientConnection
) -> None:
    socket.send('{"type": "heartbeat", "ref": "deep", "data": {"d": ' + "[" * 1000 + "]" * 1000 + "}}")
    assert next_frame(socket, "error")["data"]["code"] == "bad_frame"
    still_open(socket, "after-deep")
    assert served.tracebacks() == []


@pytest.mark.parametrize("size", [70_000, 1000 * 1000])
def test_frames_over_64_kib_up_to_1_mib_are_frame_too_large_and_the_socket_lives(
    served: Served, socket: ClientConnection, size: int
) -> None:
    socket.send(json.dumps({"type": "heartbeat", "data": {"pad": "x" * size}}))
    assert next_frame(socket, "error")["data"]["code"] == "frame_too_large"
    still_open(socket, "after-big")


def test_nul_and_invalid_utf8_in_frames_get_error_frames(served: Served, socket: ClientConnection) -> None:
    socket.send('{"type": "heartbeat", "data": {"content": "\\u0000"}}')
    assert next_frame(socket, "error")["data"]["code"] == "invalid_text"
    socket.send(b'{"type": "heartbeat", "data": {"content": "\xff"}}')
    assert next_frame(socket, "error")["data"]["code"] == "bad_frame"
    still_open(socket, "after-nul")
    assert served.tracebacks() == []


def test_a_frame_over_1_mib_closes_the_socket_with_1009_and_the_server_lives(
    served: Served, socket: ClientConnection
) -> None:
    with pytest.raises(ConnectionClosed) as closed:
        send_then_read(socket, json.dumps({"type": "heartbeat", "data": {"pad": "x" * (2 * 1024 * 1024)}}))
    if closed.value.rcvd is not None:
        assert closed.value.rcvd.code == 1009
    else:
        # The server sends 1009 and closes while the client is still writing the 2 MiB: the
        # client's kernel then answers the unread data with a reset, which can discard the
        # close frame before the client reads it. Nothing else may end the socket.
        assert isinstance(closed.value.__cause__, ConnectionResetError), repr(closed.value.__cause__)
    _, token = served.register()
    with connect(f"{served.ws}?token={token}", open_timeout=30) as fresh:
        assert next_frame(fresh)["type"] == "connected"
        still_open(fresh, "after-oversize")
    assert served.tracebacks() == []


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/products/search?q=%ff%fe",
        "/api/v1/products/search?q=%C0%80",
        "/api/v1/products/search?q=" + "x" * 5000,
        "/api/v1/products/%ff",
        "/api/v1/users/%00/follow",
        "/api/v1/feeds/community?lat=nan&lng=inf&radius_km=1e308",
    ],
)
def test_hostile_paths_and_queries_are_never_server_errors(served: Served, path: str) -> None:
    """Undecodable bytes in a query read as U+FFFD (a search that finds nothing)."""
    status, body = send(served, "GET", path)
    assert status < 500, (status, body)
    if status >= 400:
        assert_problem(status, body, (status,))
    assert served.tracebacks() == []


def test_nul_in_an_ingest_hook_form_field_is_invalid_text(served: Served) -> None:
    """Form bodies (nginx-rtmp's callbacks) do not pass the JSON check: checked in the hook."""
    for hook in ("publish", "update", "publish-done"):
        answer = httpx.post(
            f"{served.base}/api/v1/ingest/rtmp/{hook}?secret={INGEST_SECRET}",
            content=b"call=publish&app=live&name=key%00x",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert_problem(answer.status_code, answer.content, (400,), "invalid_text")
    assert served.tracebacks() == []
