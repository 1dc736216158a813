"""A real uvicorn server on a free port inside the test's event loop, and a small client."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
import websockets
from litestar import Litestar

from souk.entrypoints.http.keep_alive import SERVER_IDLE_S


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@asynccontextmanager
async def serving(app: Litestar, ws: str = "auto") -> AsyncIterator[str]:
    """Yields the ``host:port`` of a running server (``ws``: uvicorn's WebSocket protocol);
    stops it afterwards."""
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        ws=ws,  # type: ignore[arg-type]
        # as `souk serve`: a test that waits > 5 s between requests must not race the close
        timeout_keep_alive=SERVER_IDLE_S,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


class Client:
    def __init__(self, ws: websockets.ClientConnection) -> None:
        self.ws = ws
        self.pending: list[dict[str, Any]] = []  # frames read while waiting for another

    async def send(self, frame_type: str, data: dict[str, Any] | None = None, ref: str | None = None) -> None:
        await self.ws.send(json.dumps({"type": frame_type, "ref": ref, "data": data or {}}))

    async def recv(self, timeout: float = 3.0) -> dict[str, Any]:
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
        return frame

    async def expect(self, frame_type: str, timeout: float = 3.0) -> dict[str, Any]:
        """The next frame of this type (others in between are skipped)."""
        async with asyncio.timeout(timeout):
            while (frame := await self.recv(timeout))["type"] != frame_type:
                pass
        return frame


@asynccontextmanager
async def ws_client(address: str, token: str) -> AsyncIterator[Client]:
    async with websockets.connect(f"ws://{address}/ws?token={token}") as ws:
        yield Client(ws)
