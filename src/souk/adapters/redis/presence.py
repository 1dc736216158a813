from __future__ import annotations

import time
from collections.abc import Iterable
from uuid import UUID

from redis.asyncio import Redis

from souk.application.ports.presence import Presence

# One sorted set per user: member = connection id, score = when it expires. A crashed
# process's connections simply age out; the key itself expires with the last one.
_CONNECT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local before = redis.call('ZCARD', KEYS[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {before, redis.call('ZCARD', KEYS[1])}
"""
_DISCONNECT = """
redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZCARD', KEYS[1])
"""


class RedisPresence(Presence):
    def __init__(self, redis: Redis, ttl_s: float = 90.0) -> None:
        self._redis = redis
        self._ttl_s = ttl_s
        self._connect = redis.register_script(_CONNECT)
        self._disconnect = redis.register_script(_DISCONNECT)

    async def connect(self, user_id: UUID, connection_id: str) -> tuple[bool, int]:
        now = time.time()
        before, after = await self._connect(
            keys=[_key(user_id)], args=[now, now + self._ttl_s, connection_id, int(self._ttl_s * 1000)]
        )
        return int(before) == 0, int(after)

    async def disconnect(self, user_id: UUID, connection_id: str) -> bool:
        remaining = await self._disconnect(keys=[_key(user_id)], args=[time.time(), connection_id])
        return int(remaining) == 0

    async def touch(self, user_id: UUID, connection_id: str) -> None:
        key = _key(user_id)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zadd(key, {connection_id: time.time() + self._ttl_s}, xx=True)
            pipe.pexpire(key, int(self._ttl_s * 1000))
            await pipe.execute()

    async def online(self, user_ids: Iterable[UUID]) -> set[UUID]:
        users = list(user_ids)
        if not users:
            return set()
        now = time.time()
        async with self._redis.pipeline(transaction=False) as pipe:
            for user_id in users:
                pipe.zcount(_key(user_id), now, "+inf")
            counts = await pipe.execute()
        return {u for u, n in zip(users, counts, strict=True) if int(n) > 0}


def _key(user_id: UUID) -> str:
    return f"souk:presence:{user_id}"
