"""Each process's presence beat renews all its sockets at once and sweeps what a dead
process left behind."""

from __future__ import annotations

import asyncio
import uuid

from dishka import AsyncContainer, Provider, Scope, make_async_container

from souk.adapters.inprocess.event_bus import InProcessEventBus
from souk.adapters.memory.presence import InMemoryPresence
from souk.application.ports.presence import Presence
from souk.application.realtime.announce_presence import AnnouncePresence
from souk.application.realtime.sweep_presence import SweepPresence
from souk.bootstrap.presence_beat import presence_beat
from souk.entrypoints.ws.connection import Connection
from souk.entrypoints.ws.hub import Hub
from tests.unit.test_ws_hub import FakeSocket


def beat_container(hub: Hub, presence: Presence, announced: AnnouncePresence) -> AsyncContainer:
    provider = Provider(scope=Scope.APP)
    provider.provide(lambda: hub, provides=Hub)
    provider.provide(lambda: presence, provides=Presence)
    provider.provide(lambda: announced, provides=AnnouncePresence, scope=Scope.REQUEST)
    provider.provide(SweepPresence, scope=Scope.REQUEST)
    return make_async_container(provider)


class RecordingAnnounce(AnnouncePresence):
    def __init__(self) -> None:
        self.calls: list[tuple[uuid.UUID, bool]] = []

    async def __call__(self, user_id: uuid.UUID, online: bool) -> None:
        self.calls.append((user_id, online))


async def test_the_beat_keeps_this_process_sockets_online_and_sweeps_the_rest() -> None:
    presence, hub, announced = InMemoryPresence(ttl_s=0.2), Hub(InProcessEventBus()), RecordingAnnounce()
    touched: list[int] = []
    real_touch = presence.touch

    async def counting(connections: list[tuple[uuid.UUID, str]]) -> list[tuple[uuid.UUID, str]]:
        touched.append(len(connections))
        return await real_touch(connections)

    presence.touch = counting  # type: ignore[method-assign]
    container = beat_container(hub, presence, announced)

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


async def test_an_open_socket_whose_presence_was_swept_is_registered_again() -> None:
    """Redis away longer than the presence lifetime: when it is back, a sweep drops every
    socket; the next beat puts back those still open here and says they are online."""
    presence, hub, announced = InMemoryPresence(ttl_s=0.2), Hub(InProcessEventBus()), RecordingAnnounce()
    dave = uuid.uuid4()
    socket = Connection(FakeSocket(), dave)  # type: ignore[arg-type]
    hub.add(socket)  # open here, unknown to presence (swept while Redis was away)
    container = beat_container(hub, presence, announced)
    beat = presence_beat(container, every_s=0.05)
    beat.start()
    try:
        await asyncio.sleep(0.5)
        assert await presence.online([dave]) == {dave}
        assert announced.calls == [(dave, True)]  # once: the next beats find it registered
    finally:
        await beat.stop()
        await container.close()
