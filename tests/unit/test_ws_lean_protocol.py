"""The lighter stand-ins for uvicorn's per-socket queue and ``writable`` event behave as the
originals do for the protocol: events come out once each, in order, to the one reader, who
waits for the next; a closed gate holds every sender until it opens; swapping them in keeps
what was queued and whether writes were paused; the frame parser, run without the handshake's
request, parses the frames that follow as before."""

from __future__ import annotations

import asyncio
import gc
import os
import weakref
from types import SimpleNamespace

import pytest
from websockets.frames import Frame, Opcode
from websockets.http11 import Request
from websockets.server import ServerProtocol

from souk.entrypoints.ws.lean_protocol import Gate, Inbox, drop_parsed_request, lighten


async def test_the_inbox_hands_out_events_in_order_and_the_reader_waits_for_the_next() -> None:
    inbox = Inbox()
    assert inbox.empty()
    inbox.put_nowait({"n": 1})
    inbox.put_nowait({"n": 2})
    assert not inbox.empty()
    assert [await inbox.get(), await inbox.get()] == [{"n": 1}, {"n": 2}]
    assert inbox.empty()
    reader = asyncio.create_task(inbox.get())
    await asyncio.sleep(0)
    assert not reader.done()
    inbox.put_nowait({"n": 3})
    assert await asyncio.wait_for(reader, 1) == {"n": 3}


async def test_a_reader_cancelled_while_waiting_loses_nothing_and_the_next_read_works() -> None:
    inbox = Inbox()
    reader = asyncio.create_task(inbox.get())
    await asyncio.sleep(0)
    reader.cancel()
    with pytest.raises(asyncio.CancelledError):
        await reader
    inbox.put_nowait("after")
    assert await asyncio.wait_for(inbox.get(), 1) == "after"


async def test_the_inbox_has_one_reader() -> None:
    inbox = Inbox()
    first = asyncio.create_task(inbox.get())
    await asyncio.sleep(0)
    with pytest.raises(RuntimeError, match="one reader"):
        await inbox.get()
    inbox.put_nowait("x")
    assert await asyncio.wait_for(first, 1) == "x"


async def test_a_closed_gate_holds_every_sender_until_it_opens() -> None:
    gate = Gate(is_open=True)
    assert await gate.wait() is True
    gate.clear()
    assert not gate.is_set()
    senders = [asyncio.create_task(gate.wait()) for _ in range(3)]
    await asyncio.sleep(0)
    assert not any(s.done() for s in senders)
    gate.set()
    gate.clear()  # set wakes every waiter, even one cleared again before it runs
    assert await asyncio.wait_for(asyncio.gather(*senders), 1) == [True, True, True]


async def test_a_sender_cancelled_at_a_closed_gate_leaves_no_waiter_behind() -> None:
    gate = Gate(is_open=False)
    sender = asyncio.create_task(gate.wait())
    await asyncio.sleep(0)
    sender.cancel()
    with pytest.raises(asyncio.CancelledError):
        await sender
    assert gate._waiters is None
    gate.set()
    assert await gate.wait() is True


async def test_lightening_a_protocol_keeps_its_queued_events_and_its_paused_writes() -> None:
    queue: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    queue.put_nowait({"type": "websocket.receive", "text": "a"})
    queue.put_nowait({"type": "websocket.disconnect"})
    writable = asyncio.Event()  # the transport paused writing
    protocol = SimpleNamespace(queue=queue, writable=writable, conn=SimpleNamespace(parser=None))
    lighten(protocol)
    assert isinstance(protocol.queue, Inbox)
    assert isinstance(protocol.writable, Gate)
    assert [await protocol.queue.get(), await protocol.queue.get()] == [
        {"type": "websocket.receive", "text": "a"},
        {"type": "websocket.disconnect"},
    ]
    assert not protocol.writable.is_set()
    lighten(protocol)  # already light: left as it is
    assert protocol.queue.empty()


def masked_text(text: str) -> bytes:
    mask = os.urandom(4)
    payload = bytes(b ^ mask[i % 4] for i, b in enumerate(text.encode()))
    return bytes((0x81, 0x80 | len(payload))) + mask + payload


def test_the_frame_parser_runs_on_without_the_handshakes_request() -> None:
    conn = ServerProtocol()
    key = "dGhlIHNhbXBsZSBub25jZQ=="
    conn.receive_data(
        b"GET /ws?token=secret HTTP/1.1\r\nHost: example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    (request,) = conn.events_received()
    assert isinstance(request, Request)
    conn.send_response(conn.accept(request))
    conn.data_to_send()
    kept = weakref.ref(request)
    del request
    before = masked_text("before")
    conn.receive_data(before[:3])  # mid-frame: the parser is left as it is
    drop_parsed_request(conn)
    conn.receive_data(before[3:])
    assert [(f.opcode, f.data) for f in conn.events_received() if isinstance(f, Frame)] == [(Opcode.TEXT, b"before")]
    gc.collect()
    assert kept() is not None
    drop_parsed_request(conn)  # between frames: a fresh frame parser, without the request
    gc.collect()
    assert kept() is None
    again = masked_text("again")
    conn.receive_data(masked_text("after") + again[:4])
    conn.receive_data(again[4:])
    assert [f.data for f in conn.events_received() if isinstance(f, Frame)] == [b"after", b"again"]
    assert conn.parser_exc is None
