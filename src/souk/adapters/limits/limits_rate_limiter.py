from __future__ import annotations

import math
import time

from limits import RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from souk.application.ports.rate_limiter import RateLimiter, RateRule
from souk.domain.shared.errors import RateLimited


class LimitsRateLimiter(RateLimiter):
    """Moving-window limits from the `limits` library, in process memory or in Redis."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage
        self._strategy = MovingWindowRateLimiter(storage)

    @classmethod
    def in_memory(cls) -> LimitsRateLimiter:
        return cls(MemoryStorage())

    @classmethod
    def redis(cls, url: str) -> LimitsRateLimiter:
        return cls(RedisStorage(f"async+{url}", implementation="redispy"))

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


def _item(rule: RateRule) -> RateLimitItemPerSecond:
    return RateLimitItemPerSecond(rule.amount, rule.seconds)
