from __future__ import annotations

import math
import time
from typing import Any

from limits import RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from redis.asyncio import Redis

from souk.application.ports.rate_limiter import RateLimiter, RateRule
from souk.domain.shared.errors import RateLimited


class LimitsRateLimiter(RateLimiter):
    """Moving-window limits from the `limits` library, in process memory or in Redis."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage
        self._strategy = MovingWindowRateLimiter(storage)

    @classmethod
    def in_memory(cls) -> LimitsRateLimiter:
        return cls(_SweepSafeMemoryStorage())

    @classmethod
    def redis(cls, client: Redis) -> LimitsRateLimiter:
        """On the process's Redis pool: its timeouts, and its one retry on a connection the
        server closed (a restart), hold for rate limits too."""
        options: dict[str, Any] = {"connection_pool": client.connection_pool}
        return cls(RedisStorage("async+redis://", implementation="redispy", **options))

    async def hit(self, rule: RateRule, key: str) -> None:
        item = _item(rule)
        if not await self._strategy.hit(item, rule.name, key):
            raise RateLimited(await self._retry_after(rule, key))

    async def check(self, rule: RateRule, key: str) -> None:
        item = _item(rule)
        if not await self._strategy.test(item, rule.name, key):
            raise RateLimited(await self._retry_after(rule, key))

    async def count(self, rule: RateRule, key: str) -> int:
        stats = await self._strategy.get_window_stats(_item(rule), rule.name, key)
        return rule.amount - stats.remaining

    async def clear(self, rule: RateRule, key: str) -> None:
        await self._strategy.clear(_item(rule), rule.name, key)

    async def _retry_after(self, rule: RateRule, key: str) -> int:
        stats = await self._strategy.get_window_stats(_item(rule), rule.name, key)
        return max(1, math.ceil(stats.reset_time - time.time()))


class _SweepSafeMemoryStorage(MemoryStorage):
    """limits' memory store, whose ``clear`` no longer races its background sweep.

    The sweep walks a copy of the keys and yields between them; ``clear`` popped a key's
    hits and lock meanwhile, so the sweep met a missing key and died with ``KeyError``
    ("Task exception was never retrieved"; limits 5.8). Here ``clear`` empties the key's
    hits in place and keeps its lock: the sweep drops empty keys and their locks itself."""

    async def clear(self, key: str) -> None:
        self.storage.pop(key, None)
        self.expirations.pop(key, None)
        if key in self.events:
            self.events[key] = []


def _item(rule: RateRule) -> RateLimitItemPerSecond:
    return RateLimitItemPerSecond(rule.amount, rule.seconds)
