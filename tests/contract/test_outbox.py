from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from dishka import AsyncContainer, Provider, Scope

from souk.adapters.memory.clock import FakeClock
from souk.application.events import EventRecorder, SweepOutbox
from souk.application.ports.event_bus import EventBus
from souk.application.ports.outbox import LEASE, OutboxStore
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.shared.events import DomainEvent
from tests.support import unique


class FlakyBus:
    """Records what is published; can be told to fail like a bus in an outage."""

    def __init__(self) -> None:
        self.published: list[DomainEvent] = []
        self.down = False

    async def publish(self, event: DomainEvent) -> None:
        if self.down:
            raise ConnectionError("bus down")
        self.published.append(event)

    def subscribe(self, *topics: str) -> Any:
        raise NotImplementedError


def overrides(bus: FlakyBus, clock: FakeClock) -> Provider:
    provider = Provider(scope=Scope.APP)
    provider.provide(lambda: bus, provides=EventBus)
    provider.provide(lambda: clock, provides=Clock)
    return provider


async def record(container: AsyncContainer, topic: str, commit: bool = True) -> None:
    async with container() as r:
        recorder = await r.get(EventRecorder)
        await recorder.record(DomainEvent(topic, {"n": 1}))
        if commit:
            await (await r.get(UnitOfWork)).commit()
            await recorder.publish()


def mine(bus: FlakyBus, topic: str) -> list[DomainEvent]:
    return [e for e in bus.published if e.topic == topic]


async def test_committed_events_are_published_once(outbox_container: Any) -> None:
    container, bus, clock = outbox_container
    topic = unique("t.")
    await record(container, topic)
    assert mine(bus, topic) == [DomainEvent(topic, {"n": 1})]
    clock.advance(timedelta(minutes=1))
    await (await container.get(SweepOutbox))()
    assert len(mine(bus, topic)) == 1


async def test_uncommitted_events_never_leave(outbox_container: Any) -> None:
    container, bus, clock = outbox_container
    topic = unique("t.")
    await record(container, topic, commit=False)
    clock.advance(timedelta(minutes=1))
    await (await container.get(SweepOutbox))()
    assert mine(bus, topic) == []


async def test_events_caught_in_a_bus_outage_are_swept_later(outbox_container: Any) -> None:
    container, bus, clock = outbox_container
    topic = unique("t.")
    bus.down = True
    await record(container, topic)  # the change commits; publishing fails quietly
    bus.down = False
    sweep = await container.get(SweepOutbox)
    await sweep()
    assert mine(bus, topic) == [], "too young: its use case may still be publishing it"
    clock.advance(timedelta(seconds=10))
    await sweep()
    assert mine(bus, topic) == [DomainEvent(topic, {"n": 1})]
    await sweep()
    assert len(mine(bus, topic)) == 1


async def test_a_lease_keeps_two_relays_apart(outbox_container: Any) -> None:
    container, bus, clock = outbox_container
    bus.down = True
    await record(container, unique("t."))
    store = await container.get(OutboxStore)
    later = clock.now() + timedelta(seconds=10)
    first = await store.claim_unpublished(later, later, 1000)
    second = await store.claim_unpublished(later, later, 1000)
    assert first
    assert not {e.id for e in first} & {e.id for e in second}
    after_lease = later + LEASE + timedelta(seconds=1)
    again = await store.claim_unpublished(after_lease, after_lease, 1000)
    assert {e.id for e in first} <= {e.id for e in again}
    await asyncio.sleep(0)
