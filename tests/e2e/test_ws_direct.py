"""The direct fan-out path on a real uvicorn, with each of its ``websockets`` protocols and on
both deployments: room frames published through the bus reach every socket straight through
its transport, whole and in order; a client that negotiated compression gets the same frames
through ASGI; a client that stops reading is closed with 4008 instead of buffered forever."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import pytest
import websockets
from litestar import Litestar

from souk.application.realtime.addressed import AddressedFrame
from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from souk.entrypoints.ws import connection as connection_module
from souk.entrypoints.ws.connection import CLOSE_SLOW_CONSUMER, Connection
from souk.entrypoints.ws.hub import Hub
from tests.e2e.realtime_support import Person, rest
from tests.e2e.test_websocket_gateway import container_of
from tests.e2e.ws_support import Client, serving

ROOM = "stream:direct-test"
IMPLEMENTATIONS = ["websockets", "websockets-sansio"]
pytestmark = [
    pytest.mark.filterwarnings("ignore:The `websockets` implementation is deprecated"),
    pytest.mark.filterwarnings("ignore:remove second argument of ws_handler"),
]


@pytest.fixture
def app(backend_settings: Settings) -> Litestar:
    return create_app(replace(backend_settings, rate_limit_scale=1000))


@asynccontextmanager
async def running(app: Litestar, ws: str) -> AsyncIterator[str]:
    async with serving(app, ws) as address:
        yield address


@asynccontextmanager
async def viewer(address: str, person: Person, **options: Any) -> AsyncIterator[Client]:
    async with websockets.connect(f"ws://{address}/ws?token={person.token}", **options) as ws:
        client = Client(ws)
        await client.expect("connected")
        yield client


async def server_side(hub: Hub, person: Person) -> Connection:
    for _ in range(100):
        connections = hub._by_user.get(uuid.UUID(person.id))
        if connections:
            return next(iter(connections))
        await asyncio.sleep(0.01)
    raise AssertionError("the server never registered the socket")


class SendCounter:
    """Stands in for a connection's Litestar socket, counting the frames sent through ASGI
    (the fallback path)."""

    def __init__(self, connection: Connection) -> None:
        self.count = 0
        self._socket = connection.socket
        connection.socket = self  # type: ignore[assignment]

    async def send_data(self, data: Any, mode: Any = "text") -> None:
        self.count += 1
        await self._socket.send_data(data, mode=mode)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._socket, name)


@pytest.mark.parametrize("ws", IMPLEMENTATIONS)
async def test_room_frames_reach_every_socket_straight_through_its_transport_in_order(app: Litestar, ws: str) -> None:
    async with running(app, ws) as address, rest(address) as api:
        hub = await container_of(app).get(Hub)
        people = [await api.person() for _ in range(3)]
        async with (
            viewer(address, people[0], compression=None) as one,
            viewer(address, people[1], compression=None) as two,
            viewer(address, people[2], compression=None) as three,
        ):
            sockets = [await server_side(hub, p) for p in people]
            assert all(s.direct is not None and s.direct.ready() for s in sockets)
            counters = [SendCounter(s) for s in sockets]
            for connection in sockets:
                hub.join(connection, ROOM)
            big = "é" * 40_000  # a frame with a 64-bit length field, and non-ASCII text
            for n in range(200):
                data = {"n": n, "text": big if n == 100 else "hi"}
                await hub.publisher.to_room(ROOM, "stream:chat:new", data)
                if n % 20 == 0:
                    await hub.publisher.to_users([people[1].id], "notification:new", {"after": n})
            for client in (one, two, three):
                seen = []
                while len(seen) < 200:
                    frame = await client.recv(5)
                    if frame["type"] == "stream:chat:new":
                        seen.append(frame["data"]["n"])
                        if frame["data"]["n"] == 100:
                            assert frame["data"]["text"] == big
                assert seen == list(range(200))
            assert [c.count for c in counters] == [0, 0, 0]  # nothing went through ASGI


@pytest.mark.parametrize("ws", IMPLEMENTATIONS)
async def test_a_client_that_negotiated_compression_gets_the_same_frames_through_asgi(app: Litestar, ws: str) -> None:
    async with running(app, ws) as address, rest(address) as api:
        hub = await container_of(app).get(Hub)
        person = await api.person()
        async with viewer(address, person, compression="deflate") as client:
            connection = await server_side(hub, person)
            assert connection.direct is not None
            assert not connection.direct.ready()  # permessage-deflate rewrites every frame
            counter = SendCounter(connection)
            hub.join(connection, ROOM)
            for n in range(20):
                await hub.publisher.to_room(ROOM, "stream:chat:new", {"n": n})
            assert [(await client.expect("stream:chat:new"))["data"]["n"] for _ in range(20)] == list(range(20))
            assert counter.count == 20


@pytest.mark.parametrize("ws", IMPLEMENTATIONS)
async def test_a_client_that_stops_reading_is_closed_with_4008(
    app: Litestar, ws: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection_module, "BUFFER_LIMIT", 64 * 1024)
    async with running(app, ws) as address, rest(address) as api:
        hub = await container_of(app).get(Hub)
        person = await api.person()
        # max_queue=1: the client's library stops reading the socket after one unread frame
        async with viewer(address, person, compression=None, max_queue=1) as client:
            connection = await server_side(hub, person)
            hub.join(connection, ROOM)
            chunk = {"text": "x" * 16_000}
            for _ in range(2_000):  # up to 32 MB: far past the kernel's socket buffers
                hub.deliver(AddressedFrame("stream:chat:new", chunk, room=ROOM))
                await asyncio.sleep(0)
                if connection.closing:
                    break
            assert connection.closing, "the server kept buffering for a client that reads nothing"
            hub.deliver(AddressedFrame("stream:chat:new", {"late": True}, room=ROOM))
            received, closed = await read_until_closed(client)
            assert not [raw for raw in received if b"late" in raw]  # nothing is written after the cut-off
            # The close frame queues behind the bytes the client never read: it arrives when
            # the client drains them before the server's close timeout, else the server
            # aborts the connection. Either way the connection ends (the code itself is
            # checked against a real transport in tests/unit/test_ws_direct.py).
            assert closed.rcvd is None or closed.rcvd.code == CLOSE_SLOW_CONSUMER


async def read_until_closed(client: Client) -> tuple[list[bytes], websockets.exceptions.ConnectionClosed]:
    received: list[bytes] = []
    async with asyncio.timeout(20):
        while True:
            try:
                received.append(await client.ws.recv(decode=False))
            except websockets.exceptions.ConnectionClosed as closed:
                return received, closed
