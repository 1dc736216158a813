"""A small in-process cache whose misses are single-flight: however many callers miss one
key at once, one of them loads it and the others wait for that load."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_SWEEP_ABOVE = 1024  # entries; expired ones are dropped when the cache grows past this


class _Abandoned(Exception):
    """The loading caller was cancelled: a waiter loads in its place."""


class SingleFlightCache(Generic[K, V]):
    def __init__(self, ttl_s: float, now: Callable[[], float] = time.monotonic) -> None:
        self._ttl_s = ttl_s
        self._now = now
        self._values: dict[K, tuple[float, V]] = {}
        self._flights: dict[K, asyncio.Future[V]] = {}
        self.loads = 0  # how many loads ran (read by tests and benchmarks)

    async def get(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        while True:
            hit = self._values.get(key)
            if hit is not None and hit[0] > self._now():
                return hit[1]
            flight = self._flights.get(key)
            if flight is None:
                return await self._load(key, load)
            try:
                return await asyncio.shield(flight)
            except _Abandoned:
                continue

    def forget(self, key: K) -> None:
        """Drop the key; a load under way is not kept (it may have read the old state)."""
        self._values.pop(key, None)
        self._flights.pop(key, None)

    def clear(self) -> None:
        self._values.clear()
        self._flights.clear()

    async def _load(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        flight: asyncio.Future[V] = asyncio.get_running_loop().create_future()
        self._flights[key] = flight
        self.loads += 1
        try:
            value = await load()
        except BaseException as exc:
            if self._flights.get(key) is flight:
                del self._flights[key]
            flight.set_exception(exc if isinstance(exc, Exception) else _Abandoned())
            flight.exception()  # retrieved: no "never retrieved" warning when nobody waited
            raise
        if self._flights.get(key) is flight:  # not forgotten while loading
            del self._flights[key]
            self._store(key, value)
        flight.set_result(value)
        return value

    def _store(self, key: K, value: V) -> None:
        now = self._now()
        if len(self._values) >= _SWEEP_ABOVE:
            self._values = {k: hit for k, hit in self._values.items() if hit[0] > now}
        self._values[key] = (now + self._ttl_s, value)
