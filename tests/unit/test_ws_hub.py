from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

from souk.adapters.inprocess.event_bus import InProcessEventBus
from souk.application.realtime.addressed import AddressedFrame, AddressedFrames
from souk.domain.shared.events import DomainEvent
from souk.entrypoints.ws.connection import CLOSE_SLOW_CONSUMER, QUEUE_LIMIT, Connection
from souk.entrypoints.ws.hub import Hub


class FakeSocket:
    def __init__(self, blocked: bool = False) -> None:
        self.sent: list[bytes] = []
        self.closed: tuple[int, str] | None = None
        self.gate = asyncio.Event()
        if not blocked:
            self.gate.set()

    async def send_data(self, data: bytes, mode: str = "text") -> None:
        await self.gate.wait()
        self.sent.append(data)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        self.closed = (code, reason or "")


def connection(user: uuid.UUID, socket: FakeSocket) -> Connection:
    return Connection(socket, user)  # type: ignore[arg-type]


async def test_a_client_that_cannot_keep_up_is_disconnected_not_buffered() -> None:
    socket = FakeSocket(blocked=True)
    conn = connection(uuid.uuid4(), socket)
    for _ in range(QUEUE_LIMIT + 50):
        conn.push(b"{}")
    await asyncio.sleep(0.01)
    assert conn.closing
    assert socket.closed is not None
    assert socket.closed[0] == CLOSE_SLOW_CONSUMER
    socket.gate.set()
    await conn.stop()


async def test_deliver_routes_to_users_and_rooms_encoding_once() -> None:
    hub = Hub(InProcessEventBus())
    alice, bob, carol = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    sockets = {u: FakeSocket() for u in (alice, bob, carol)}
    conns = {u: connection(u, s) for u, s in sockets.items()}
    for conn in conns.values():
        hub.add(conn)
    hub.join(conns[bob], "stream:1")
    hub.join(conns[carol], "stream:1")

    assert hub.deliver(AddressedFrame("t", {"x": 1}, users=(str(alice),))) == 1
    assert hub.deliver(AddressedFrame("r", None, room="stream:1", except_user=str(carol))) == 1
    await asyncio.sleep(0.01)
    assert [json.loads(b) for b in sockets[alice].sent] == [{"type": "t", "data": {"x": 1}}]
    assert [json.loads(b) for b in sockets[bob].sent] == [{"type": "r"}]
    assert sockets[carol].sent == []

    hub.remove(conns[bob])
    assert hub.room_size("stream:1") == 1
    assert hub.connection_count == 2
    for conn in conns.values():
        await conn.stop()


async def test_the_relay_delivers_what_the_bus_carries() -> None:
    from souk.entrypoints.ws.publisher import RealtimePublisher

    bus = InProcessEventBus()
    hub = Hub(bus)
    user = uuid.uuid4()
    socket = FakeSocket()
    conn = connection(user, socket)
    hub.add(conn)
    await hub.ensure_relay()
    await RealtimePublisher(bus).to_users([user], "notification:new", {"id": "n1"})
    for _ in range(50):
        if socket.sent:
            break
        await asyncio.sleep(0.01)
    sent: Any = [json.loads(b) for b in socket.sent]
    assert sent == [{"type": "notification:new", "data": {"id": "n1"}}]
    await hub.stop()
    await conn.stop()


class CancelSwallowingBus(InProcessEventBus):
    """A bus whose subscription turns a cancellation into a connection error, as redis-py's
    pub/sub may (redis/redis-py#2028, #2551)."""

    def __init__(self) -> None:
        super().__init__()
        self.subscriptions = 0
        self.swallow = True

    @contextlib.asynccontextmanager
    async def subscribe(self, *kinds: type[DomainEvent]) -> AsyncIterator[AsyncIterator[DomainEvent]]:
        self.subscriptions += 1
        yield self._listen()

    async def _listen(self) -> AsyncIterator[DomainEvent]:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            if not self.swallow:
                raise
            raise ConnectionError("Connection closed by server.") from None
        yield AddressedFrame("never", None)


async def test_stop_ends_the_relay_even_when_the_bus_swallows_the_cancellation() -> None:
    bus = CancelSwallowingBus()
    hub = Hub(bus)
    await hub.ensure_relay()
    assert bus.subscriptions == 1
    stopping = asyncio.create_task(hub.stop())
    try:
        done, _ = await asyncio.wait({stopping}, timeout=2)
        assert done, "Hub.stop() hung: the relay resubscribed after its cancellation was swallowed"
        await asyncio.sleep(0.5)  # past the first reconnect backoff
        assert bus.subscriptions == 1
        assert hub._relay is not None
        assert hub._relay.done()
    finally:  # a failing build must fail here, not hang the session
        bus.swallow = False
        if hub._relay is not None:
            hub._relay.cancel()
        await asyncio.wait({stopping}, timeout=2)


class CountingBus(InProcessEventBus):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[DomainEvent] = []

    async def publish(self, event: DomainEvent) -> None:
        self.messages.append(event)
        await super().publish(event)


async def test_receipts_of_a_few_milliseconds_travel_as_one_bus_message_and_reach_every_sender() -> None:
    """Issue 19: B's ``message:delivered`` receipts for many senders are one publish (and one
    decode per process), not one each; the relay of the senders' process still hands each
    receipt to its own sender only."""
    bus = CountingBus()
    senders_hub, receivers_hub = Hub(bus), Hub(bus)
    await senders_hub.ensure_relay()
    senders = [uuid.uuid4() for _ in range(5)]
    sockets = {s: FakeSocket() for s in senders}
    conns = [connection(s, sockets[s]) for s in senders]
    for conn in conns:
        senders_hub.add(conn)
    for i, sender in enumerate(senders):
        receipt = AddressedFrame("message:delivered", {"seq": i}, users=(str(sender),))
        receivers_hub._receipts.add(receipt)
    await receivers_hub._receipts.flush()
    assert len(bus.messages) == 1
    [batch] = bus.messages
    assert isinstance(batch, AddressedFrames)
    assert len(batch.frames) == 5
    for _ in range(100):
        if all(sockets[s].sent for s in senders):
            break
        await asyncio.sleep(0.01)
    for i, sender in enumerate(senders):
        assert [json.loads(b) for b in sockets[sender].sent] == [{"type": "message:delivered", "data": {"seq": i}}]
    for conn in conns:
        await conn.stop()
    await senders_hub.stop()
    await receivers_hub.stop()
