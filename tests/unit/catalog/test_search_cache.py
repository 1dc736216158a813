"""The process's search cache: a page is answered again only at the generation it was read
at and within its time to live; concurrent requests for one page share one read."""

from __future__ import annotations

import asyncio

import pytest

from souk.adapters.search_cache import SearchCache


class Reads:
    def __init__(self) -> None:
        self.count = 0
        self.gate: asyncio.Event | None = None
        self.fail = False

    async def __call__(self) -> list[str]:
        self.count += 1
        if self.gate is not None:
            await self.gate.wait()
        if self.fail:
            raise RuntimeError("database away")
        return [f"read {self.count}"]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_a_page_is_read_again_when_the_generation_moves() -> None:
    cache: SearchCache[str] = SearchCache(10)
    reads = Reads()
    assert await cache.page("q", 1, reads) == ["read 1"]
    assert await cache.page("q", 1, reads) == ["read 1"]
    assert await cache.page("q", 2, reads) == ["read 2"]
    assert await cache.page("other", 2, reads) == ["read 3"]
    assert (reads.count, cache.hits, cache.misses) == (3, 1, 3)


async def test_a_page_older_than_its_time_to_live_is_answered_and_read_again_behind() -> None:
    clock = Clock()
    cache: SearchCache[str] = SearchCache(10, ttl_s=30.0, clock=clock)
    reads = Reads()
    await cache.page("q", 1, reads)
    clock.now += 29.0
    assert await cache.page("q", 1, reads) == ["read 1"]
    assert reads.count == 1
    clock.now += 2.0
    reads.gate = asyncio.Event()
    assert await cache.page("q", 1, reads) == ["read 1"]  # nobody waits for the new read
    assert await cache.page("q", 1, reads) == ["read 1"]  # one read behind, not two
    reads.gate.set()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert reads.count == 2
    assert await cache.page("q", 1, reads) == ["read 2"]


async def test_the_least_recently_used_page_goes_first() -> None:
    cache: SearchCache[str] = SearchCache(2)
    reads = Reads()
    await cache.page("a", 1, reads)
    await cache.page("b", 1, reads)
    await cache.page("a", 1, reads)  # a is now the most recent
    await cache.page("c", 1, reads)  # b goes
    assert len(cache) == 2
    assert await cache.page("a", 1, reads) == ["read 1"]
    assert await cache.page("b", 1, reads) == ["read 4"]


async def test_zero_pages_keeps_nothing() -> None:
    cache: SearchCache[str] = SearchCache(0)
    reads = Reads()
    await cache.page("q", 1, reads)
    await cache.page("q", 1, reads)
    assert (cache.enabled, len(cache), reads.count) == (False, 0, 2)


async def test_concurrent_requests_for_one_page_share_one_read() -> None:
    cache: SearchCache[str] = SearchCache(10)
    reads = Reads()
    reads.gate = asyncio.Event()
    waiting = [asyncio.create_task(cache.page("q", 1, reads)) for _ in range(5)]
    await asyncio.sleep(0)
    reads.gate.set()
    assert await asyncio.gather(*waiting) == [["read 1"]] * 5
    assert reads.count == 1


async def test_a_caller_that_gives_up_does_not_cancel_the_shared_read() -> None:
    cache: SearchCache[str] = SearchCache(10)
    reads = Reads()
    reads.gate = asyncio.Event()
    first = asyncio.create_task(cache.page("q", 1, reads))
    second = asyncio.create_task(cache.page("q", 1, reads))
    await asyncio.sleep(0)
    first.cancel()
    reads.gate.set()
    assert await second == ["read 1"]
    with pytest.raises(asyncio.CancelledError):
        await first
    assert await cache.page("q", 1, reads) == ["read 1"]  # kept


async def test_a_failed_read_is_not_kept() -> None:
    cache: SearchCache[str] = SearchCache(10)
    reads = Reads()
    reads.fail = True
    with pytest.raises(RuntimeError):
        await cache.page("q", 1, reads)
    reads.fail = False
    assert await cache.page("q", 1, reads) == ["read 2"]


async def test_a_read_at_an_older_generation_never_replaces_a_newer_page() -> None:
    cache: SearchCache[str] = SearchCache(10)
    slow, fast = Reads(), Reads()
    slow.gate = asyncio.Event()
    old = asyncio.create_task(cache.page("q", 1, slow))
    await asyncio.sleep(0)
    assert await cache.page("q", 2, fast) == ["read 1"]
    slow.gate.set()
    await old
    assert await cache.page("q", 2, Reads()) == ["read 1"]  # still the generation-2 page


async def test_at_most_reads_at_once_pages_are_read_together() -> None:
    cache: SearchCache[str] = SearchCache(10, reads_at_once=2)
    running, most = 0, 0
    gate = asyncio.Event()

    async def read() -> list[str]:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await gate.wait()
        running -= 1
        return ["page"]

    waiting = [asyncio.create_task(cache.page(f"q{n}", 1, read)) for n in range(5)]
    for _ in range(3):
        await asyncio.sleep(0)
    assert running == 2
    gate.set()
    await asyncio.gather(*waiting)
    assert most == 2


async def test_an_old_page_is_read_again_only_when_no_other_read_is_in_flight() -> None:
    clock = Clock()
    cache: SearchCache[str] = SearchCache(10, ttl_s=30.0, clock=clock)
    reads = Reads()
    await cache.page("old", 1, reads)
    clock.now += 31.0
    busy = Reads()
    busy.gate = asyncio.Event()
    pending = asyncio.create_task(cache.page("new", 1, busy))  # a page nobody holds, in flight
    for _ in range(3):
        await asyncio.sleep(0)
    assert await cache.page("old", 1, reads) == ["read 1"]
    for _ in range(3):
        await asyncio.sleep(0)
    assert reads.count == 1  # no refresh while it is read
    busy.gate.set()
    await pending
    assert await cache.page("old", 1, reads) == ["read 1"]
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert reads.count == 2


async def test_an_old_page_is_brought_up_to_date_by_refresh_not_read_again() -> None:
    """Within a generation only the counters can change: ``refresh`` gets the kept items and
    its answer replaces them; the page's search is not run again."""
    clock = Clock()
    cache: SearchCache[str] = SearchCache(10, ttl_s=30.0, clock=clock)
    reads = Reads()
    refreshed: list[tuple[str, ...]] = []

    async def refresh(items: tuple[str, ...]) -> list[str]:
        refreshed.append(items)
        return [f"{item}, counted" for item in items]

    await cache.page("q", 1, reads, refresh)
    clock.now += 31.0
    assert await cache.page("q", 1, reads, refresh) == ["read 1"]  # answered now, refreshed behind
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert await cache.page("q", 1, reads, refresh) == ["read 1, counted"]
    assert (reads.count, refreshed) == (1, [("read 1",)])
    assert await cache.page("q", 2, reads, refresh) == ["read 2"]  # a new generation is a new search
