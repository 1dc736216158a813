"""Each process's presence beat renews all its sockets at once and sweeps what a dead
process left behind."""

from __future__ import annotations

import asyncio
import uuid

from dishka import Provider, Scope, make_async_container

from souk.adapters.inprocess.event_bus import InProcessEventBus
from souk.adapters.memory.presence import InMemoryPresence
from souk.application.ports.presence import Presence
from souk.application.realtime.announce_presence import AnnouncePresence
from souk.application.realtime.sweep_presence import SweepPresence
from souk.bootstrap.presence_beat import presence_beat
from souk.entrypoints.ws.connection import Connection
from souk.entrypoints.ws.hub import Hub
from tests.unit.test_ws_hub import FakeSocket


class RecordingAnnounce(AnnouncePresence):
    def __init__(self) -> None:
        self.calls: list[tuple[uuid.UUID, bool]] = []

    async def __call__(self, user_id: uuid.UUID, online: bool) -> None:
        self.calls.append((user_id, online))


async def test_the_beat_keeps_this_process_sockets_online_and_sweeps_the_rest() -> None:
    presence, hub, announced = InMemoryPresence(ttl_s=0.2), Hub(InProcessEventBus()), RecordingAnnounce()
    touched: list[int] = []
    real_touch = presence.touch

    async def counting(connections: list[tuple[uuid.UUID, str]]) -> None:
        touched.append(len(connections))
        await real_touch(connections)

    presence.touch = counting  # type: ignore[method-assign]
    provider = Provider(scope=Scope.APP)
    provider.provide(lambda: hub, provides=Hub)
    provider.provide(lambda: presence, provides=Presence)
    provider.provide(lambda: announced, provides=AnnouncePresence, scope=Scope.REQUEST)
    provider.provide(SweepPresence, scope=Scope.REQUEST)
    container = make_async_container(provider)

    alice, bob, carol = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    phone, tablet = Connection(FakeSocket(), alice), Connection(FakeSocket(), alice)  # type: ignore[arg-type]
    laptop = Connection(FakeSocket(), carol)  # type: ignore[arg-type]
    for connection in (phone, tablet, laptop):
        hub.add(connection)
        await presence.connect(connection.user_id, connection.id)
    await presence.connect(bob, "socket-of-a-killed-process")

    beat = presence_beat(container, every_s=0.05)
    beat.start()
    try:
        await asyncio.sleep(0.6)  # three lifetimes
        assert await presence.online([alice, bob, carol]) == {alice, carol}
        assert announced.calls == [(bob, False)]
        assert touched
        assert set(touched) == {3}  # every socket of the process, in one call

        hub.remove(laptop)  # its goodbye never reached presence (say Redis blinked)
        await asyncio.sleep(0.6)
        assert await presence.online([alice, carol]) == {alice}
        assert announced.calls == [(bob, False), (carol, False)]
    finally:
        await beat.stop()
        await container.close()
