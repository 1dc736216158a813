"""A small in-process cache whose misses are single-flight: however many callers miss one
key at once, one load runs and they all wait for it. An entry past its time is still
served while one background load refreshes it (for at most another ``ttl_s``), so a busy
key never makes its callers wait again; an entry dropped with ``forget`` is never served."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

log = logging.getLogger("souk.streams")

_SWEEP_ABOVE = 1024  # entries; stale ones are dropped when the cache grows past this


class SingleFlightCache(Generic[K, V]):
    def __init__(self, ttl_s: float, now: Callable[[], float] = time.monotonic) -> None:
        self._ttl_s = ttl_s
        self._now = now
        self._values: dict[K, tuple[float, V]] = {}  # key -> (fresh until, value)
        self._flights: dict[K, asyncio.Task[V]] = {}
        self.loads = 0  # how many loads started (read by tests and benchmarks)

    async def get(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        """``load`` runs in a task of its own (a caller that goes away does not cancel it for
        the others): it must not use anything that belongs to the caller's request."""
        now = self._now()
        hit = self._values.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        flight = self._flights.get(key)
        if flight is None:
            flight = self._flights[key] = asyncio.create_task(self._load(key, load), name="cache-load")
            flight.add_done_callback(_retrieve)
            self.loads += 1
        if hit is not None and hit[0] + self._ttl_s > now:
            return hit[1]  # stale but recent: served while the flight refreshes it
        return await asyncio.shield(flight)

    def forget(self, key: K) -> None:
        """Drop the key; a load under way is not kept (it may have read the old state)."""
        self._values.pop(key, None)
        self._flights.pop(key, None)

    def clear(self) -> None:
        self._values.clear()
        self._flights.clear()

    async def _load(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        try:
            value = await load()
        except BaseException:
            if self._flights.get(key) is asyncio.current_task():
                del self._flights[key]
            raise
        if self._flights.get(key) is asyncio.current_task():  # not forgotten while loading
            del self._flights[key]
            self._store(key, value)
        return value

    def _store(self, key: K, value: V) -> None:
        now = self._now()
        if len(self._values) >= _SWEEP_ABOVE:
            self._values = {k: hit for k, hit in self._values.items() if hit[0] + self._ttl_s > now}
        self._values[key] = (now + self._ttl_s, value)


def _retrieve(task: asyncio.Task[object]) -> None:
    """A background refresh nobody awaited must not warn 'exception never retrieved'."""
    if not task.cancelled() and task.exception() is not None:
        log.debug("cache.load_failed", exc_info=task.exception())
