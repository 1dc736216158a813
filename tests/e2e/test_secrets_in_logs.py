"""Issue 13 item 4: bearer tokens, tickets, ingest secrets and keys never reach a log
line, ours or uvicorn's. A real ``souk serve`` at DEBUG is sent each secret where clients
and nginx-rtmp put them (WebSocket URL, hook query, any query), then its whole output is
searched for them."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

import httpx
import pytest
import websockets

from tests.e2e.souk_process import Deployment, deployment, register, souk_serve

__all__ = ["deployment"]


async def _open_sockets(base: str, token: str, bad_token: str) -> None:
    address = base.removeprefix("http://")
    # Native clients may also send the token as a header; the handshake's headers are logged at DEBUG.
    headers = {"Authorization": f"Bearer {token}"}
    async with websockets.connect(f"ws://{address}/ws?token={token}&device=phone", additional_headers=headers) as ws:
        await ws.send('{"type": "ping", "ref": "1"}')
        await asyncio.wait_for(ws.recv(), 10)
    with pytest.raises(websockets.InvalidStatus):
        async with websockets.connect(f"ws://{address}/ws?token={bad_token}"):
            pass


def test_no_secret_from_a_query_string_reaches_the_server_output(tmp_path: Path, deployment: Deployment) -> None:
    ingest_secret = "ingest-" + secrets.token_hex(12)
    wrong_secret, stream_key = "wrong-" + secrets.token_hex(12), "sk_" + secrets.token_hex(12)
    query_key, ticket, bad_token = "key-" + secrets.token_hex(12), "tk-" + secrets.token_hex(12), secrets.token_hex(20)
    env = {"SOUK_LOG_LEVEL": "DEBUG", "SOUK_ACCESS_LOG": "true", "SOUK_INGEST_SECRET": ingest_secret}
    with souk_serve(tmp_path, deployment, **env) as (base, log), httpx.Client(base_url=base, timeout=30) as http:
        token = register(http)["tokens"]["access_token"]
        asyncio.run(_open_sockets(base, token, bad_token))
        for secret in (ingest_secret, wrong_secret):
            hook = http.post(f"/api/v1/ingest/rtmp/publish?secret={secret}", data={"name": stream_key, "app": "live"})
            assert hook.status_code in (401, 403), hook.text
        assert http.get(f"/api/v1/users/me?key={query_key}", headers={"Authorization": f"Bearer {token}"}).is_success
        assert http.get(f"/api/v1/nowhere?ticket={ticket}&token={token}").status_code == 404
        assert http.get(f"/api/v1/users/me?token={bad_token}").status_code == 401
    output = log.read_text()
    assert "/ws" in output or "WebSocket" in output or "http.request" in output, "the server logged requests"
    for name, value in {
        "access token": token,
        "ingest secret": ingest_secret,
        "wrong ingest secret": wrong_secret,
        "stream key": stream_key,
        "?key=": query_key,
        "?ticket=": ticket,
        "bad token": bad_token,
    }.items():
        assert value not in output, f"the {name} is in the server's output"
