"""The parts that make a join storm cheap: the single-flight snapshot cache, its
invalidation across processes, the batched viewer log and the shared Redis round trips."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from souk.adapters.inprocess.event_bus import InProcessEventBus
from souk.adapters.redis.write_batch import WriteBatch
from souk.application.ports.stream_viewer_log import VisitEntry
from souk.application.streams.room_snapshots import RoomSnapshots
from souk.application.streams.single_flight import SingleFlightCache
from souk.application.streams.visit_buffer import GIVE_UP_AFTER, VisitBuffer
from souk.bootstrap.streams_background import RoomSnapshotListener
from souk.domain.shared.events import DomainEvent
from souk.domain.streams.analytics import ViewerVisit
from souk.domain.streams.events import StreamEnded
from tests.unit.test_ws_hub import CancelSwallowingBus

NOW = datetime(2026, 5, 1, 18, 0, tzinfo=UTC)


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Loader:
    def __init__(self, gate: asyncio.Event | None = None, fail: Exception | None = None) -> None:
        self.calls = 0
        self.gate = gate
        self.fail = fail

    async def __call__(self) -> str:
        self.calls += 1
        if self.gate is not None:
            await self.gate.wait()
        if self.fail is not None:
            raise self.fail
        return f"v{self.calls}"


async def test_a_storm_of_misses_loads_once() -> None:
    cache: SingleFlightCache[str, str] = SingleFlightCache(ttl_s=2.0)
    gate = asyncio.Event()
    load = Loader(gate)
    waiting = [asyncio.create_task(cache.get("room", load)) for _ in range(2000)]
    await asyncio.sleep(0)
    gate.set()
    assert set(await asyncio.gather(*waiting)) == {"v1"}
    assert load.calls == cache.loads == 1
    assert await cache.get("room", load) == "v1"  # fresh: no load
    assert load.calls == 1


async def test_stale_entries_are_served_while_one_refresh_runs_then_expire() -> None:
    ticks = Ticks()
    cache: SingleFlightCache[str, str] = SingleFlightCache(ttl_s=2.0, now=ticks)
    load = Loader()
    assert await cache.get("room", load) == "v1"
    ticks.now += 2.5  # past the TTL, within the grace: the old value, and a refresh behind it
    assert [await cache.get("room", load) for _ in range(50)] == ["v1"] * 50
    await asyncio.sleep(0.01)
    assert load.calls == 1 + 1
    assert await cache.get("room", load) == "v2"
    ticks.now += 10  # long past: callers wait for a fresh load
    assert await cache.get("room", load) == "v3"


async def test_forget_drops_the_value_and_a_load_already_under_way() -> None:
    cache: SingleFlightCache[str, str] = SingleFlightCache(ttl_s=60.0)
    gate = asyncio.Event()
    old = Loader(gate)
    first = asyncio.create_task(cache.get("room", old))
    await asyncio.sleep(0)
    cache.forget("room")  # the change committed while the old state was being read
    gate.set()
    assert await first == "v1"  # its caller asked before the change
    fresh = Loader()
    assert await cache.get("room", fresh) == "v1"
    assert fresh.calls == 1


async def test_a_failed_load_reaches_every_waiter_and_is_not_kept() -> None:
    cache: SingleFlightCache[str, str] = SingleFlightCache(ttl_s=60.0)
    gate = asyncio.Event()
    failing = Loader(gate, LookupError("no such stream"))
    waiting = [asyncio.create_task(cache.get("room", failing)) for _ in range(10)]
    await asyncio.sleep(0)
    gate.set()
    results = await asyncio.gather(*waiting, return_exceptions=True)
    assert all(isinstance(r, LookupError) for r in results)
    assert failing.calls == 1
    assert await cache.get("room", Loader()) == "v1"


async def test_a_caller_that_goes_away_does_not_cancel_the_load_for_the_others() -> None:
    cache: SingleFlightCache[str, str] = SingleFlightCache(ttl_s=60.0)
    gate = asyncio.Event()
    load = Loader(gate)
    leader = asyncio.create_task(cache.get("room", load))
    await asyncio.sleep(0)
    follower = asyncio.create_task(cache.get("room", load))
    await asyncio.sleep(0)
    leader.cancel()
    gate.set()
    assert await follower == "v1"
    assert load.calls == 1


async def test_room_changes_are_announced_and_heard_by_every_process() -> None:
    bus = InProcessEventBus()
    here, there = RoomSnapshots(bus, ttl_s=60.0), RoomSnapshots(bus, ttl_s=60.0)
    stream_id = uuid.uuid4()
    listeners = [asyncio.create_task(RoomSnapshotListener(None)._listen(bus, s)) for s in (here, there)]  # type: ignore[arg-type]
    await asyncio.sleep(0.01)
    load = Loader()
    for snapshots in (here, there):
        await snapshots.get(stream_id, load)  # type: ignore[arg-type]
    assert load.calls == 2
    await here.changed(stream_id)
    await asyncio.sleep(0.01)
    for snapshots in (here, there):
        await snapshots.get(stream_id, load)  # type: ignore[arg-type]
    assert load.calls == 4  # both processes read the room again
    await bus.publish(StreamEnded(stream_id, uuid.uuid4()))
    await asyncio.sleep(0.01)
    await there.get(stream_id, load)  # type: ignore[arg-type]
    assert load.calls == 5
    for listener in listeners:
        listener.cancel()


async def test_stop_ends_the_listener_even_when_the_bus_swallows_the_cancellation() -> None:
    bus = CancelSwallowingBus()
    listener = RoomSnapshotListener(None)  # type: ignore[arg-type]
    listener._task = asyncio.create_task(listener._listen(bus, RoomSnapshots(bus, ttl_s=60.0)))
    await asyncio.sleep(0.01)
    assert bus.subscriptions == 1
    stopping = asyncio.create_task(listener.stop())
    try:
        done, _ = await asyncio.wait({stopping}, timeout=2)
        assert done, "RoomSnapshotListener.stop() hung: it resubscribed after its cancellation was swallowed"
        await asyncio.sleep(0.5)  # past the first reconnect backoff
        assert bus.subscriptions == 1
        assert listener._task.done()
    finally:  # a failing build must fail here, not hang the session
        bus.swallow = False
        listener._task.cancel()
        await asyncio.wait({stopping}, timeout=2)


async def test_an_unreachable_bus_does_not_fail_the_change() -> None:
    class DownBus(InProcessEventBus):
        async def publish(self, event: DomainEvent) -> None:
            raise ConnectionError("redis down")

    snapshots = RoomSnapshots(DownBus(), ttl_s=60.0)
    stream_id = uuid.uuid4()
    load = Loader()
    await snapshots.get(stream_id, load)  # type: ignore[arg-type]
    await snapshots.changed(stream_id)  # logged, not raised; this process forgot at once
    await snapshots.get(stream_id, load)  # type: ignore[arg-type]
    assert load.calls == 2


class FakeLog:
    def __init__(self, failures: int = 0) -> None:
        self.batches: list[list[VisitEntry]] = []
        self.failures = failures

    async def write(self, entries: Sequence[VisitEntry]) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("database down")
        self.batches.append(list(entries))

    async def visits(self, stream_id: uuid.UUID) -> list[ViewerVisit]:
        return []


class FakeUow:
    def __init__(self) -> None:
        self.commits = self.rollbacks = 0

    async def commit(self) -> None:
        self.commits += 1

    async def rollback(self) -> None:
        self.rollbacks += 1


async def test_a_visit_joined_and_left_in_one_batch_is_one_row() -> None:
    buffer, log, uow = VisitBuffer(), FakeLog(), FakeUow()
    stream, user, visit, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    buffer.joined(visit, stream, user, NOW)
    buffer.left(visit, stream, user, NOW + timedelta(seconds=9))
    buffer.joined(other, stream, user, NOW)
    assert await buffer.flush(log, uow) == 2  # type: ignore[arg-type]
    assert log.batches == [
        [VisitEntry(visit, stream, user, NOW, NOW + timedelta(seconds=9)), VisitEntry(other, stream, user, NOW, None)]
    ]
    assert (uow.commits, len(buffer)) == (1, 0)
    buffer.left(other, stream, user, NOW + timedelta(seconds=20))
    assert await buffer.flush(log, uow) == 1  # type: ignore[arg-type]
    assert log.batches[-1] == [VisitEntry(other, stream, user, None, NOW + timedelta(seconds=20))]
    assert await buffer.flush(log, uow) == 0  # type: ignore[arg-type]
    assert uow.commits == 2


async def test_a_failed_batch_waits_for_the_next_flush_merged_with_newer_rows() -> None:
    buffer, log, uow = VisitBuffer(), FakeLog(failures=1), FakeUow()
    stream, user, visit = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    buffer.joined(visit, stream, user, NOW)
    with pytest.raises(ConnectionError):
        await buffer.flush(log, uow)  # type: ignore[arg-type]
    assert uow.rollbacks == 1
    assert len(buffer) == 1
    buffer.left(visit, stream, user, NOW + timedelta(seconds=5))  # the leave came while the join waited
    assert await buffer.flush(log, uow) == 1  # type: ignore[arg-type]
    assert log.batches == [[VisitEntry(visit, stream, user, NOW, NOW + timedelta(seconds=5))]]


async def test_a_batch_the_database_keeps_refusing_is_dropped_in_the_end() -> None:
    buffer, log, uow = VisitBuffer(), FakeLog(failures=GIVE_UP_AFTER), FakeUow()
    buffer.joined(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), NOW)
    for _ in range(GIVE_UP_AFTER):
        with pytest.raises(ConnectionError):
            await buffer.flush(log, uow)  # type: ignore[arg-type]
    assert len(buffer) == 0  # not retried forever (and not grown forever)


async def test_the_flusher_pace_at_once_after_a_quiet_spell_then_one_batch_per_gap_or_when_full() -> None:
    buffer = VisitBuffer(batch_rows=3)
    stream, user = uuid.uuid4(), uuid.uuid4()
    waiting = asyncio.create_task(buffer.next_batch(gap_s=0.01))
    await asyncio.sleep(0.05)
    assert not waiting.done()  # nothing to write: the flusher sleeps
    buffer.joined(uuid.uuid4(), stream, user, NOW)
    await asyncio.wait_for(waiting, 1)  # a row after a quiet spell: written at once
    await buffer.flush(FakeLog(), FakeUow())  # type: ignore[arg-type]
    buffer.joined(uuid.uuid4(), stream, user, NOW)
    paced = asyncio.create_task(buffer.next_batch(gap_s=60))
    await asyncio.sleep(0.05)
    assert not paced.done()  # during a rush, one batch per gap...
    for _ in range(2):
        buffer.joined(uuid.uuid4(), stream, user, NOW)
    await asyncio.wait_for(paced, 1)  # ...unless a batch fills first


async def test_concurrent_writes_share_round_trips_and_failures_reach_their_callers() -> None:
    trips: list[list[int]] = []
    fail_next = False

    async def write(items: list[int]) -> None:
        nonlocal fail_next
        trips.append(items)
        await asyncio.sleep(0.01)
        if fail_next:
            fail_next = False
            raise ConnectionError("redis down")

    batch: WriteBatch[int] = WriteBatch(write)
    await asyncio.gather(*(batch.add(i) for i in range(500)))
    assert sorted(i for trip in trips for i in trip) == list(range(500))
    assert len(trips) <= 2  # the first caller's trip, then everyone who came meanwhile
    fail_next = True
    results: list[Any] = await asyncio.gather(*(batch.add(i) for i in range(3)), return_exceptions=True)
    assert all(isinstance(r, ConnectionError) for r in results)
    await batch.add(99)  # the next trip works again
    assert trips[-1] == [99]
