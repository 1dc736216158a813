"""Search pages kept in the process, each with the catalog generation it was read at.

A page is served again only while the catalog's generation is still the one it was read at
(the generation moves in the same transaction as any change a search answer could show;
see ``sql/catalog_generation.py``), so every process on every host answers what the
database holds, cache or not. The only thing a generation does not follow is the
engagement counters (likes, saves, views): a page older than ``ttl_s`` is still answered
(nothing else on it can have changed) and read again behind it when no read is in flight, so
counters lag by ``ttl_s`` plus one read while the database keeps up, and no request waits
for that read (the pages of a busy process would otherwise expire together and queue their
reads ahead of the pages nobody holds yet). Given ``refresh``, that read is
``refresh(kept items)`` (the counters alone, by primary key) instead of the page's search.

Pages already being read are shared: requests for the same page at the same generation
wait for the one read in flight (a hot word's first request after a catalog change does
not become fifty identical queries). Least recently used pages go first past
``max_pages``; 0 keeps none."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
TTL_S = 30.0
# Pages read at once per process. Past a few, more concurrent reads only queue inside
# PostgreSQL while each holds a pooled connection that the kept pages' requests (which need
# one short read of the generation) then wait for: a burst of misses after a catalog change
# would stall the hits too.
READS_AT_ONCE = 4


@dataclass(frozen=True, slots=True)
class _Kept(Generic[T]):
    generation: int
    read_at: float  # monotonic, when its read began
    items: tuple[T, ...]


class SearchCache(Generic[T]):
    def __init__(
        self,
        max_pages: int,
        ttl_s: float = TTL_S,
        clock: Callable[[], float] = time.monotonic,
        reads_at_once: int = READS_AT_ONCE,
    ) -> None:
        self.max_pages = max_pages
        self._gate = asyncio.Semaphore(reads_at_once)
        self._ttl_s = ttl_s
        self._clock = clock
        self._pages: OrderedDict[Hashable, _Kept[T]] = OrderedDict()
        self._reads: dict[tuple[Hashable, int], asyncio.Future[list[T]]] = {}
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.max_pages > 0

    def __len__(self) -> int:
        return len(self._pages)

    async def page(
        self,
        key: Hashable,
        generation: int,
        read: Callable[[], Awaitable[list[T]]],
        refresh: Callable[[tuple[T, ...]], Awaitable[list[T]]] | None = None,
    ) -> list[T]:
        """The page for ``key`` as of ``generation``: kept, in flight, or read now."""
        now = self._clock()
        kept = self._pages.get(key)
        if kept is not None and kept.generation == generation:
            self._pages.move_to_end(key)
            self.hits += 1
            if now - kept.read_at >= self._ttl_s and not self._reads:
                # its counters may be old: read again, behind, when no other read is in flight
                # (the pages nobody holds go first, and refreshes run one at a time: 700 pages
                # refreshed every 30 s would otherwise keep a slow database busy)
                items = kept.items
                self._flight(key, generation, now, read if refresh is None else lambda: refresh(items))
            return list(kept.items)
        self.misses += 1
        # shielded: a caller that gives up does not cancel the read the others wait for
        return list(await asyncio.shield(self._flight(key, generation, now, read)))

    def _flight(
        self, key: Hashable, generation: int, now: float, read: Callable[[], Awaitable[list[T]]]
    ) -> asyncio.Future[list[T]]:
        """The read of ``key`` at ``generation`` in flight, started now if there is none."""
        flight = self._reads.get((key, generation))
        if flight is None:
            flight = asyncio.ensure_future(self._gated(read))
            self._reads[key, generation] = flight
            flight.add_done_callback(lambda done: self._landed(key, generation, now, done))
        return flight

    async def _gated(self, read: Callable[[], Awaitable[list[T]]]) -> list[T]:
        async with self._gate:
            return await read()

    def _landed(self, key: Hashable, generation: int, read_at: float, done: asyncio.Future[list[T]]) -> None:
        self._reads.pop((key, generation), None)
        if done.cancelled() or done.exception() is not None:  # retrieved: nobody may be left to
            return
        kept = self._pages.get(key)
        if kept is not None and kept.generation > generation:
            return  # a read at a later generation landed first
        self._pages[key] = _Kept(generation, read_at, tuple(done.result()))
        self._pages.move_to_end(key)
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
