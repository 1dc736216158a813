"""The idle rule of a socket (4408 after IDLE_TIMEOUT_S without a frame) now runs on one timer
per connection, re-armed when it fires, instead of a timeout object around every receive."""

from __future__ import annotations

import asyncio
import uuid

from souk.entrypoints.ws.connection import CLOSE_IDLE, Connection
from tests.unit.test_ws_hub import FakeSocket


async def test_a_silent_socket_is_closed_4408_after_the_timeout() -> None:
    socket = FakeSocket()
    conn = Connection(socket, uuid.uuid4())  # type: ignore[arg-type]
    conn.watch_idle(0.15)
    await asyncio.sleep(0.05)
    assert socket.closed is None
    await asyncio.sleep(0.2)
    assert conn.closing
    assert socket.closed == (CLOSE_IDLE, "idle: send heartbeat frames")
    await conn.stop()


async def test_a_socket_that_keeps_sending_stays_open_and_closes_once_it_falls_silent() -> None:
    socket = FakeSocket()
    conn = Connection(socket, uuid.uuid4())  # type: ignore[arg-type]
    conn.watch_idle(0.15)
    loop = asyncio.get_running_loop()
    for _ in range(6):  # 0.3 s of frames every 50 ms: twice the timeout
        await asyncio.sleep(0.05)
        conn.last_seen = loop.time()  # what the reader does on every frame
    assert socket.closed is None, "closed while the client was sending"
    await asyncio.sleep(0.3)
    assert socket.closed == (CLOSE_IDLE, "idle: send heartbeat frames")
    await conn.stop()


async def test_stop_cancels_the_idle_timer() -> None:
    socket = FakeSocket()
    conn = Connection(socket, uuid.uuid4())  # type: ignore[arg-type]
    conn.watch_idle(0.1)
    await conn.stop()
    await asyncio.sleep(0.2)
    assert socket.closed is None
