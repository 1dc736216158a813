"""The direct fan-out path: frames framed once, written straight to a socket's transport once
per loop iteration, never ahead of frames still queued, and a socket whose transport keeps
more than ``BUFFER_LIMIT`` unsent bytes is closed with 4008."""

from __future__ import annotations

import asyncio
import json
import struct
import uuid
from typing import Any

import pytest
from websockets.frames import Frame, Opcode

from souk.adapters.inprocess.event_bus import InProcessEventBus
from souk.application.realtime.addressed import AddressedFrame
from souk.entrypoints.ws import connection as connection_module
from souk.entrypoints.ws.connection import BUFFER_LIMIT, CLOSE_SLOW_CONSUMER, Connection
from souk.entrypoints.ws.direct import direct_writer, text_frame
from souk.entrypoints.ws.hub import Hub
from souk.entrypoints.ws.metrics import FRAMES_SENT


def unframe(data: bytes) -> list[bytes]:
    """The payloads of consecutive unmasked, unfragmented text frames."""
    payloads = []
    while data:
        assert data[0] == 0x81, "a final text frame"
        size, start = data[1], 2
        assert not size & 0x80, "server frames are not masked"
        if size == 126:
            (size,), start = struct.unpack("!H", data[2:4]), 4
        elif size == 127:
            (size,), start = struct.unpack("!Q", data[2:10]), 10
        payloads.append(data[start : start + size])
        data = data[start + size :]
    return payloads


class Wire:
    """What reached the client, in order: ``("asgi", payload)`` or ``("direct", payload)``."""

    def __init__(self) -> None:
        self.log: list[tuple[str, bytes]] = []

    def payloads(self) -> list[bytes]:
        return [payload for _, payload in self.log]


class FakeSocket:
    def __init__(self, wire: Wire, blocked: bool = False) -> None:
        self.wire = wire
        self.closed: tuple[int, str] | None = None
        self.gate = asyncio.Event()
        if not blocked:
            self.gate.set()

    async def send_data(self, data: bytes, mode: str = "text") -> None:
        await self.gate.wait()
        self.wire.log.append(("asgi", data))

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        self.closed = (code, reason or "")


class FakeTransport:
    def __init__(self, wire: Wire, open_: bool = True) -> None:
        self.wire = wire
        self.open = open_
        self.writes: list[bytes] = []
        self.unsent = 0

    def ready(self) -> bool:
        return self.open

    def write(self, frames: bytes) -> int | None:
        if not self.open:
            return None
        self.writes.append(frames)
        self.wire.log.extend(("direct", payload) for payload in unframe(frames))
        return self.unsent


def connect(*, blocked: bool = False, open_: bool = True) -> tuple[Connection, FakeSocket, FakeTransport, Wire]:
    wire = Wire()
    socket, transport = FakeSocket(wire, blocked), FakeTransport(wire, open_)
    conn = Connection(socket, uuid.uuid4(), direct=transport)  # type: ignore[arg-type]
    return conn, socket, transport, wire


async def turn() -> None:
    """Let the loop run the flush and the writer."""
    for _ in range(5):
        await asyncio.sleep(0)


@pytest.mark.parametrize("size", [0, 1, 125, 126, 127, 65535, 65536, 70000])
def test_a_frame_is_what_websockets_would_write_for_the_same_text(size: int) -> None:
    payload = b"x" * size
    assert text_frame(payload) == Frame(Opcode.TEXT, payload).serialize(mask=False)
    assert unframe(text_frame(payload)) == [payload]


async def test_frames_of_one_iteration_go_out_in_one_write_in_order() -> None:
    conn, _, transport, wire = connect()
    for n in range(3):
        conn.push(b'{"n":%d}' % n)
    assert transport.writes == []  # written when the loop turns, not per push
    await turn()
    assert len(transport.writes) == 1
    assert wire.log == [("direct", b'{"n":0}'), ("direct", b'{"n":1}'), ("direct", b'{"n":2}')]
    conn.push(b'{"n":3}')
    await turn()
    assert len(transport.writes) == 2
    await conn.stop()


async def test_a_direct_frame_never_overtakes_frames_still_queued_or_held_by_the_writer() -> None:
    conn, socket, transport, wire = connect(blocked=True, open_=False)
    conn.push(b'"a"')  # not open yet (handshake): queued, and the writer holds it at the gate
    conn.push(b'"b"')
    await turn()
    transport.open = True
    conn.push(b'"c"')  # the transport is ready, but "a" and "b" are not written yet
    await turn()
    assert wire.log == []
    socket.gate.set()
    await turn()
    conn.push(b'"d"')  # the writer has caught up: straight to the transport
    await turn()
    assert wire.log == [("asgi", b'"a"'), ("asgi", b'"b"'), ("asgi", b'"c"'), ("direct", b'"d"')]
    await conn.stop()


async def test_without_a_direct_writer_frames_take_the_asgi_path() -> None:
    wire = Wire()
    conn = Connection(FakeSocket(wire), uuid.uuid4())  # type: ignore[arg-type]
    conn.push(b'"a"')
    conn.push(b'"b"', text_frame(b'"b"'))
    await turn()
    assert wire.log == [("asgi", b'"a"'), ("asgi", b'"b"')]
    await conn.stop()


async def test_a_transport_holding_too_much_unsent_is_closed_with_4008_and_gets_nothing_more() -> None:
    conn, socket, transport, _ = connect()
    conn.push(b'"ok"')
    await turn()
    assert not conn.closing
    transport.unsent = BUFFER_LIMIT + 1  # the client stopped reading
    conn.push(b'"one too many"')
    await turn()
    assert conn.closing
    assert socket.closed is not None
    assert socket.closed[0] == CLOSE_SLOW_CONSUMER
    writes = len(transport.writes)
    conn.push(b'"after"')
    await turn()
    assert len(transport.writes) == writes
    await conn.stop()


async def test_frames_pending_when_the_socket_closes_are_dropped_and_the_connection_is_closing() -> None:
    conn, _, transport, wire = connect()
    conn.push(b'"late"')
    transport.open = False  # the client's close frame arrived in the same iteration
    await turn()
    assert wire.log == []
    assert conn.closing
    await conn.stop()


async def test_many_frames_in_one_iteration_are_written_before_they_pile_up() -> None:
    conn, _, transport, wire = connect()
    for n in range(connection_module.QUEUE_LIMIT + 3):
        conn.push(b"%d" % n)
    assert len(transport.writes) == 1  # flushed at the bound, not held for the iteration
    await turn()
    assert wire.payloads() == [b"%d" % n for n in range(connection_module.QUEUE_LIMIT + 3)]
    await conn.stop()


async def test_a_room_broadcast_is_framed_once_and_reaches_every_member() -> None:
    hub = Hub(InProcessEventBus())
    members = [connect() for _ in range(3)]
    for conn, *_ in members:
        hub.add(conn)
        hub.join(conn, "stream:1")
    assert hub.deliver(AddressedFrame("stream:chat:new", {"n": 1}, room="stream:1")) == 3
    await turn()
    frames = {id(transport.writes[0]) for _, _, transport, _ in members}
    assert len(frames) == 1  # the very same bytes object went to every transport
    for _, _, _, wire in members:
        assert [json.loads(p) for p in wire.payloads()] == [{"type": "stream:chat:new", "data": {"n": 1}}]
    for conn, *_ in members:
        await conn.stop()


def test_only_uvicorns_websockets_protocols_get_a_direct_writer() -> None:
    async def send(message: Any) -> None:
        pass

    assert direct_writer(send) is None  # a plain callable: a test client, another server
    assert direct_writer(None) is None


def room_of(size: int, **kwargs: bool) -> tuple[Hub, list[tuple[Connection, FakeSocket, FakeTransport, Wire]]]:
    hub = Hub(InProcessEventBus())
    members = [connect(**kwargs) for _ in range(size)]
    for conn, *_ in members:
        hub.add(conn)
        hub.join(conn, "stream:1")
    return hub, members


def chat(n: int) -> AddressedFrame:
    return AddressedFrame("stream:chat:new", {"n": n}, room="stream:1")


async def test_a_rooms_broadcasts_of_one_iteration_are_joined_once_and_written_once_per_socket() -> None:
    hub, members = room_of(3)
    for n in range(3):
        hub.deliver(chat(n))
    assert all(transport.writes == [] for _, _, transport, _ in members)  # written when the loop turns
    await turn()
    assert all(len(transport.writes) == 1 for _, _, transport, _ in members)
    assert len({id(transport.writes[0]) for _, _, transport, _ in members}) == 1  # one bytes object for all
    for _, _, _, wire in members:
        assert [json.loads(p)["data"]["n"] for p in wire.payloads()] == [0, 1, 2]
    for conn, *_ in members:
        await conn.stop()


async def test_a_frame_pushed_to_one_socket_keeps_its_place_among_the_iterations_broadcasts() -> None:
    hub, members = room_of(2)
    conn, _, _, wire = members[0]
    hub.deliver(chat(0))
    conn.push(b'"ack"')  # e.g. the answer to a client frame, after the broadcast came
    hub.deliver(chat(1))
    await turn()
    assert [p if p == b'"ack"' else json.loads(p)["data"]["n"] for p in wire.payloads()] == [0, b'"ack"', 1]
    assert [json.loads(p)["data"]["n"] for p in members[1][3].payloads()] == [0, 1]
    assert len(members[1][2].writes) == 1  # the push wrote nothing early to the other members
    for member, *_ in members:
        await member.stop()


async def test_a_broadcast_to_a_socket_not_open_for_direct_writes_takes_the_asgi_path_in_order() -> None:
    hub, members = room_of(1, open_=False)
    conn, _, transport, wire = members[0]
    hub.deliver(chat(0))
    hub.deliver(chat(1))
    await turn()
    assert transport.writes == []
    assert [(path, json.loads(p)["data"]["n"]) for path, p in wire.log] == [("asgi", 0), ("asgi", 1)]
    await conn.stop()


async def test_a_broadcast_a_socket_cannot_take_closes_it_with_4008() -> None:
    hub, members = room_of(2)
    (slow, socket, transport, _), (_, _, other, _) = members
    transport.unsent = BUFFER_LIMIT + 1  # the client stopped reading
    hub.deliver(chat(0))
    await turn()
    assert slow.closing
    assert socket.closed is not None
    assert socket.closed[0] == CLOSE_SLOW_CONSUMER
    hub.deliver(chat(1))
    await turn()
    assert len(transport.writes) == 1
    assert len(other.writes) == 2
    for conn, *_ in members:
        await conn.stop()


async def test_a_broadcast_counts_one_frame_sent_per_recipient() -> None:
    hub, members = room_of(3)
    counter = FRAMES_SENT.labels("stream:chat:new")
    before = counter._value.get()
    hub.deliver(chat(0))
    assert counter._value.get() == before + 3
    for conn, *_ in members:
        await conn.stop()


async def quiet() -> None:
    """Let the loop forget earlier tests' big broadcasts (the flusher is the loop's)."""
    await asyncio.sleep(connection_module.BUSY_S)


async def test_a_busy_big_rooms_broadcasts_linger_and_go_out_in_one_write_per_socket() -> None:
    await quiet()
    hub, members = room_of(connection_module.LINGER_RECIPIENTS)
    hub.deliver(chat(0))
    await turn()
    assert all(len(transport.writes) == 1 for _, _, transport, _ in members)  # a quiet room: at once
    hub.deliver(chat(1))
    await turn()
    hub.deliver(chat(2))
    await turn()
    assert all(len(transport.writes) == 1 for _, _, transport, _ in members)  # busy now: they wait for company
    await asyncio.sleep(connection_module.LINGER_S * 2)
    for _, _, transport, wire in members:
        assert len(transport.writes) == 2
        assert [json.loads(p)["data"]["n"] for p in wire.payloads()] == [0, 1, 2]
    for conn, *_ in members:
        await conn.stop()


async def test_a_frame_pushed_while_a_broadcast_lingers_keeps_its_place_and_is_not_held_back() -> None:
    await quiet()
    hub, members = room_of(connection_module.LINGER_RECIPIENTS)
    conn, _, _, wire = members[0]
    hub.deliver(chat(0))
    await turn()
    hub.deliver(chat(1))  # lingers: the room is busy
    conn.push(b'"ack"')
    await turn()
    assert [p if p == b'"ack"' else json.loads(p)["data"]["n"] for p in wire.payloads()] == [0, 1, b'"ack"']
    assert len(members[1][2].writes) == 1  # the others still wait for the lingering write
    await asyncio.sleep(connection_module.LINGER_S * 2)
    assert [json.loads(p)["data"]["n"] for p in members[1][3].payloads()] == [0, 1]
    assert len(wire.payloads()) == 3  # its share went before its own frame, not again with the others
    for member, *_ in members:
        await member.stop()


async def test_a_small_broadcast_never_lingers() -> None:
    hub, members = room_of(connection_module.LINGER_RECIPIENTS - 1)
    for n in range(3):
        hub.deliver(chat(n))
        await turn()
    assert all(len(transport.writes) == 3 for _, _, transport, _ in members)
    for conn, *_ in members:
        await conn.stop()
