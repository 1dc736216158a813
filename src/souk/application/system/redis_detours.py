"""What only needs Redis for speed or sharing goes around it while it is away, so a Redis
outage costs no request: rate limits fall back to this process's buckets, the category
cache to the database. What truly needs Redis (tickets, presence, the job queue) still
answers 503 ``dependency_unavailable`` through the outage classifier.

While Redis is away, a detour is taken without trying Redis again for ``PROBE_EVERY_S``
(no connect timeout per request); then one call tries it, and the first success ends the
detour. Each detour is logged once when it starts and once when it ends, never per
request; the outage itself is counted and logged by ``Outages``."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from souk.application.ports.category_cache import CategoryCache
from souk.application.ports.rate_limiter import RateLimiter, RateRule
from souk.application.system.outage import REDIS
from souk.application.system.outages import Outages
from souk.domain.catalog.category import Category
from souk.domain.shared.errors import RateLimited

log = logging.getLogger("souk.outages")

T = TypeVar("T")
PROBE_EVERY_S = 1.0


class RedisDetour:
    """One part's view of Redis: usable now, or detoured around until the next probe."""

    def __init__(self, part: str, outages: Outages, *, now: Callable[[], float] = time.monotonic) -> None:
        self._part = part
        self._outages = outages
        self._now = now
        self._detoured_since: float | None = None
        self._probe_at = 0.0

    @property
    def detoured(self) -> bool:
        return self._detoured_since is not None

    def worth_trying(self) -> bool:
        return self._detoured_since is None or self._now() >= self._probe_at

    def failed(self, exc: BaseException) -> bool:
        """True when ``exc`` means Redis is away (take the detour), False for anything else."""
        outage = self._outages.recognise(exc, self._part)
        if outage is None or outage.dependency != REDIS:
            return False
        now = self._now()
        self._probe_at = now + PROBE_EVERY_S
        if self._detoured_since is None:
            self._detoured_since = now
            log.warning("redis.detour_started part=%s error=%s", self._part, outage.reason)
        return True

    def succeeded(self) -> None:
        if self._detoured_since is not None:
            log.info("redis.detour_ended part=%s after_s=%.1f", self._part, self._now() - self._detoured_since)
            self._detoured_since = None
            self._outages.succeeded(REDIS)

    async def run(self, through_redis: Callable[[], Awaitable[T]], around: Callable[[], Awaitable[T]]) -> T:
        if not self.worth_trying():
            return await around()
        try:
            result = await through_redis()
        except RateLimited:
            self.succeeded()  # Redis answered: over the limit
            raise
        except Exception as exc:
            if not self.failed(exc):
                raise
            return await around()
        self.succeeded()
        return result


class RateLimitsWithFallback(RateLimiter):
    """Limits shared by every process in Redis; while Redis is away, this process's own
    buckets (each process then allows the rule's amount: a looser limit for the outage's
    length, never a refused or failed request)."""

    def __init__(self, shared: RateLimiter, local: RateLimiter, outages: Outages) -> None:
        self._shared = shared
        self._local = local
        self.detour = RedisDetour("rate_limits", outages)

    async def hit(self, rule: RateRule, key: str) -> None:
        await self.detour.run(lambda: self._shared.hit(rule, key), lambda: self._local.hit(rule, key))

    async def check(self, rule: RateRule, key: str) -> None:
        await self.detour.run(lambda: self._shared.check(rule, key), lambda: self._local.check(rule, key))

    async def count(self, rule: RateRule, key: str) -> int:
        return await self.detour.run(lambda: self._shared.count(rule, key), lambda: self._local.count(rule, key))

    async def clear(self, rule: RateRule, key: str) -> None:
        # both: a success cleared while detoured must not leave the local bucket counting
        await self._local.clear(rule, key)
        await self.detour.run(lambda: self._shared.clear(rule, key), _nothing)


class CategoryCacheWithFallback(CategoryCache):
    """The category cache is only a cache: while Redis is away every read is a miss (the
    tree comes from the database) and nothing is stored."""

    def __init__(self, cache: CategoryCache, outages: Outages) -> None:
        self._cache = cache
        self.detour = RedisDetour("category_cache", outages)

    async def get(self) -> list[Category] | None:
        return await self.detour.run(self._cache.get, _missing)

    async def put(self, categories: list[Category]) -> None:
        await self.detour.run(lambda: self._cache.put(categories), _nothing)


async def _nothing() -> None:
    return None


async def _missing() -> list[Category] | None:
    return None
