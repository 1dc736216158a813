from __future__ import annotations

import asyncio
import time
import uuid
from datetime import timedelta
from typing import Any

from dishka import AsyncContainer, Provider, Scope
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.adapters.memory.clock import FakeClock
from souk.adapters.sql.outbox import PublishedMarks
from souk.adapters.sql.tables import outbox
from souk.application.events import EventRecorder, PruneOutbox, SweepOutbox
from souk.application.ports.event_bus import EventBus
from souk.application.ports.event_feed import EventFeed
from souk.application.ports.outbox import LEASE, OutboxStore
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.accounts.events import UserRegistered
from souk.domain.shared.events import DomainEvent
from tests.event_samples import every_event, legacy_rows


class FlakyBus:
    """Records what is published; can be told to fail like a bus in an outage."""

    def __init__(self) -> None:
        self.published: list[DomainEvent] = []
        self.down = False

    async def publish(self, event: DomainEvent) -> None:
        if self.down:
            raise ConnectionError("bus down")
        self.published.append(event)

    def subscribe(self, *kinds: type[DomainEvent]) -> Any:
        raise NotImplementedError


def overrides(bus: FlakyBus, clock: FakeClock) -> Provider:
    provider = Provider(scope=Scope.APP)
    provider.provide(lambda: bus, provides=EventBus)
    provider.provide(lambda: clock, provides=Clock)
    return provider


async def record(container: AsyncContainer, *events: DomainEvent, commit: bool = True) -> None:
    async with container() as r:
        recorder = await r.get(EventRecorder)
        for event in events:
            await recorder.record(event)
        if commit:
            await (await r.get(UnitOfWork)).commit()
            await recorder.publish()


def mine(bus: FlakyBus, *events: DomainEvent) -> list[DomainEvent]:
    return [e for e in bus.published if e in events]


async def test_committed_events_are_published_once(outbox_container: Any) -> None:
    container, bus, clock = outbox_container
    event = UserRegistered(uuid.uuid4())
    await record(container, event)
    assert mine(bus, event) == [event]
    clock.advance(timedelta(minutes=1))
    await (await container.get(SweepOutbox))()
    assert len(mine(bus, event)) == 1


async def test_uncommitted_events_never_leave(outbox_container: Any) -> None:
    container, bus, clock = outbox_container
    event = UserRegistered(uuid.uuid4())
    await record(container, event, commit=False)
    clock.advance(timedelta(minutes=1))
    await (await container.get(SweepOutbox))()
    assert mine(bus, event) == []


async def test_events_caught_in_a_bus_outage_are_swept_later(outbox_container: Any) -> None:
    container, bus, clock = outbox_container
    event = UserRegistered(uuid.uuid4())
    bus.down = True
    await record(container, event)  # the change commits; publishing fails quietly
    bus.down = False
    sweep = await container.get(SweepOutbox)
    await sweep()
    assert mine(bus, event) == [], "too young: its use case may still be publishing it"
    clock.advance(timedelta(seconds=10))
    await sweep()
    assert mine(bus, event) == [event]
    await sweep()
    assert len(mine(bus, event)) == 1


async def test_every_event_class_comes_back_from_the_outbox_as_it_went_in(outbox_container: Any) -> None:
    """Stored by the unit of work, read back by the sweeper: typed, equal, nothing lost."""
    container, bus, clock = outbox_container
    events = every_event()
    bus.down = True
    await record(container, *events)
    bus.down = False
    clock.advance(timedelta(seconds=10))
    while await (await container.get(SweepOutbox))():
        pass
    assert sorted(mine(bus, *events), key=events.index) == events


async def test_rows_an_older_build_wrote_are_swept_as_todays_events(outbox_container: Any) -> None:
    """Upcasters at work on a real database: outbox rows holding the old topic + dict
    payloads (no version) reach the bus as typed events of the current version; a row no
    build can read is marked handled, not retried forever."""
    container, bus, clock = outbox_container
    try:
        engine = await container.get(AsyncEngine)
    except Exception:  # the in-memory deployment has no rows from older builds
        return
    rows = legacy_rows()
    unreadable = uuid.uuid4()
    values = [
        {"id": uuid.uuid4(), "topic": topic, "payload": payload, "created_at": clock.now()}
        for topic, payload, _ in rows
    ]
    values.append({"id": unreadable, "topic": "gone.topic", "payload": {"x": 1}, "created_at": clock.now()})
    async with engine.begin() as conn:
        await conn.execute(insert(outbox), values)
    clock.advance(timedelta(seconds=10))
    while await (await container.get(SweepOutbox))():
        pass
    expected = [event for _, _, event in rows]
    assert sorted(mine(bus, *expected), key=expected.index) == expected
    store = await container.get(OutboxStore)
    later = clock.now() + 2 * LEASE
    assert unreadable not in {e.id for e in await store.claim_unpublished(later, later, 1000)}


async def test_a_lease_keeps_two_relays_apart(outbox_container: Any) -> None:
    container, bus, clock = outbox_container
    bus.down = True
    await record(container, UserRegistered(uuid.uuid4()))
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


async def assert_marked_published(container: Any, event: UserRegistered) -> None:
    """The event's row carries its published mark (the in-memory outbox marks at once)."""
    try:
        engine = await container.get(AsyncEngine)
    except Exception:
        return
    async with engine.connect() as conn:
        rows = (await conn.execute(select(outbox.c.payload, outbox.c.published_at))).all()
    [published_at] = [row.published_at for row in rows if row.payload.get("user_id") == str(event.user_id)]
    assert published_at is not None


async def test_a_process_has_marked_what_it_published_by_the_time_it_claims(outbox_container: Any) -> None:
    """Issue 19: on PostgreSQL the published marks are batched off the request path. A claim
    by the same process (the notification consumer, the sweeper) writes them first: its
    SKIP LOCKED would otherwise pass over a row that process's own marking UPDATE holds."""
    container, bus, clock = outbox_container
    event = UserRegistered(uuid.uuid4())
    await record(container, event)
    assert mine(bus, event) == [event]
    await (await container.get(EventFeed)).claim(clock.now(), 1)  # whatever it claims, marks come first
    await assert_marked_published(container, event)


async def test_a_claim_writes_the_waiting_marks_at_once_not_after_their_linger(
    outbox_container: Any, monkeypatch: Any
) -> None:
    """The marks linger (``PublishedMarks.LINGER_S``) so that many requests share one UPDATE;
    a claim that needs them written hurries them instead of sitting the linger out."""
    monkeypatch.setattr(PublishedMarks, "LINGER_S", 30.0)
    container, _bus, clock = outbox_container
    event = UserRegistered(uuid.uuid4())
    await record(container, event)
    started = time.monotonic()
    await asyncio.wait_for((await container.get(EventFeed)).claim(clock.now(), 1), 10)
    assert time.monotonic() - started < 5
    await assert_marked_published(container, event)


async def test_pruning_deletes_only_what_is_published_consumed_and_old(outbox_container: Any) -> None:
    """The outbox does not grow for ever: an entry goes once it is older than the retention
    and both its readers are done with it (published on the bus, consumed by the
    notification consumer). One either side has not finished with stays, however old."""
    container, bus, clock = outbox_container
    done, unconsumed, unpublished, young = (UserRegistered(uuid.uuid4()) for _ in range(4))
    await record(container, done, unconsumed)
    bus.down = True
    await record(container, unpublished)
    bus.down = False
    feed = await container.get(EventFeed)
    entries = {
        e.event: e.id for e in await feed.claim(clock.now(), 1000) if isinstance(e.event, UserRegistered)
    }  # also writes pending marks
    await feed.consumed([entries[done], entries[unpublished]], clock.now())
    clock.advance(timedelta(hours=25))
    await record(container, young)
    young_id = {e.event: e.id for e in await feed.claim(clock.now(), 1000) if isinstance(e.event, UserRegistered)}[
        young
    ]
    await feed.consumed([young_id], clock.now())

    assert await (await container.get(PruneOutbox))(timedelta(hours=24)) >= 1

    store = await container.get(OutboxStore)
    left = {
        e.event for e in await store.published_since(clock.now() - timedelta(days=2), [UserRegistered.topic], 10_000)
    }
    assert done not in left
    assert {unconsumed, unpublished, young} <= left


async def test_pruning_goes_in_bounded_batches(outbox_container: Any) -> None:
    """A backlog goes ``limit`` entries at a time: short transactions."""
    container, _bus, clock = outbox_container
    events = [UserRegistered(uuid.uuid4()) for _ in range(5)]
    for event in events:
        await record(container, event)
        clock.advance(timedelta(seconds=1))
    feed = await container.get(EventFeed)
    mine_ids = {e.event: e.id for e in await feed.claim(clock.now(), 1000) if isinstance(e.event, UserRegistered)}
    await feed.consumed([mine_ids[e] for e in events], clock.now())
    store = await container.get(OutboxStore)
    before = clock.now() - timedelta(seconds=2)  # the first three are older than this
    rounds = []  # the database may hold other tests' old entries too: count rounds, not rows
    while gone := await store.prune(before, 2):
        assert gone <= 2
        rounds.append(gone)
    assert sum(rounds) >= 3
    assert len(rounds) >= 2
    left = {e.event for e in await store.published_since(before - timedelta(days=1), [UserRegistered.topic], 10_000)}
    assert not set(events[:3]) & left
    assert set(events[3:]) <= left
