"""Search pages kept in the process, each with the catalog generation it was read at.

A page is served again only while the catalog's generation is still the one it was read at
(the generation moves in the same transaction as any change a search answer could show;
see ``sql/catalog_generation.py``), so every process on every host answers what the
database holds, cache or not. Pages older than ``ttl_s`` are read again even then: the
only thing a generation does not follow is the engagement counters (likes, saves, views),
which a page may show that old.

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


@dataclass(frozen=True, slots=True)
class _Kept(Generic[T]):
    generation: int
    read_at: float  # monotonic, when its read began
    items: tuple[T, ...]


class SearchCache(Generic[T]):
    def __init__(self, max_pages: int, ttl_s: float = TTL_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_pages = max_pages
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

    async def page(self, key: Hashable, generation: int, read: Callable[[], Awaitable[list[T]]]) -> list[T]:
        """The page for ``key`` as of ``generation``: kept, in flight, or read now."""
        now = self._clock()
        kept = self._pages.get(key)
        if kept is not None and kept.generation == generation and now - kept.read_at < self._ttl_s:
            self._pages.move_to_end(key)
            self.hits += 1
            return list(kept.items)
        self.misses += 1
        flight = self._reads.get((key, generation))
        if flight is None:
            flight = asyncio.ensure_future(read())
            self._reads[key, generation] = flight
            flight.add_done_callback(lambda done: self._landed(key, generation, now, done))
        # shielded: a caller that gives up does not cancel the read the others wait for
        return list(await asyncio.shield(flight))

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
