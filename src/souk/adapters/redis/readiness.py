from __future__ import annotations

from redis.asyncio import Redis

from souk.application.ports.readiness_probe import ReadinessProbe
from souk.application.system.outage import REDIS


class RedisReadinessProbe(ReadinessProbe):
    name = "redis"
    dependency = REDIS

    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def check(self) -> None:
        await self._redis.ping()
