"""The idle rule of a socket (4408 after IDLE_TIMEOUT_S without a frame) runs on one timer per
connection, re-armed when it fires, instead of a timeout object around every receive; the
token's expiry (4401) shares that timer."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

from souk.entrypoints.ws.connection import CLOSE_IDLE, CLOSE_UNAUTHORIZED, Connection
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


async def test_the_token_expiry_and_the_idle_rule_share_one_timer_and_the_earlier_wins() -> None:
    expiring, idle = FakeSocket(), FakeSocket()
    soon_expired = Connection(expiring, uuid.uuid4())  # type: ignore[arg-type]
    soon_expired.watch_idle(5)
    soon_expired.expire_at(datetime.now(UTC) + timedelta(milliseconds=100))
    soon_idle = Connection(idle, uuid.uuid4())  # type: ignore[arg-type]
    soon_idle.expire_at(datetime.now(UTC) + timedelta(minutes=15))
    soon_idle.watch_idle(0.1)
    await asyncio.sleep(0.3)
    assert expiring.closed == (CLOSE_UNAUTHORIZED, "access token expired: send an auth frame first")
    assert idle.closed == (CLOSE_IDLE, "idle: send heartbeat frames")
    await soon_expired.stop()
    await soon_idle.stop()


async def test_an_idle_socket_holds_no_room_partner_typing_or_budget_containers() -> None:
    """Idle memory per socket (issue 19): they are made when first used."""
    conn = Connection(FakeSocket(), uuid.uuid4())  # type: ignore[arg-type]
    conn.watch_idle(5)
    conn.push(b'{"type":"connected"}')
    assert (conn._rooms, conn._partners, conn._typing, conn._budgets) == (None, None, None, None)
    conn.rooms.add("stream:1")
    assert conn._rooms == {"stream:1"}
    await conn.stop()
