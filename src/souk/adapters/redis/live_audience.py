from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Collection, Mapping
from uuid import UUID

from redis.asyncio import Redis

from souk.adapters.redis.write_batch import WriteBatch
from souk.application.ports.live_audience import LiveAudience

# One sorted set per stream: member = "user|connection", score = when it expires. Each
# process refreshes its own members; a dead process's members age out. The count is of
# distinct users among the members that have not expired.
_COUNT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
local seen, n = {}, 0
for i = 1, #members do
  local user = string.match(members[i], '^[^|]+')
  if not seen[user] then
    seen[user] = true
    n = n + 1
  end
end
return n
"""


class RedisLiveAudience(LiveAudience):
    def __init__(self, redis: Redis, ttl_s: float = 30.0) -> None:
        self._redis = redis
        self._ttl_s = ttl_s
        self._count = redis.register_script(_COUNT)
        self._entries: WriteBatch[tuple[UUID, str]] = WriteBatch(self._enter_all)
        self._exits: WriteBatch[tuple[UUID, str]] = WriteBatch(self._leave_all)

    async def enter(self, stream_id: UUID, member: str) -> None:
        await self._entries.add((stream_id, member))

    async def leave(self, stream_id: UUID, member: str) -> None:
        await self._exits.add((stream_id, member))

    async def _enter_all(self, entries: list[tuple[UUID, str]]) -> None:
        await self.refresh(_by_stream(entries))

    async def _leave_all(self, exits: list[tuple[UUID, str]]) -> None:
        async with self._redis.pipeline(transaction=False) as pipe:
            for stream_id, names in _by_stream(exits).items():
                pipe.zrem(_key(stream_id), *names)
            await pipe.execute()

    async def refresh(self, members: Mapping[UUID, Collection[str]]) -> None:
        expires = time.time() + self._ttl_s
        async with self._redis.pipeline(transaction=False) as pipe:
            for stream_id, names in members.items():
                if names:
                    pipe.zadd(_key(stream_id), dict.fromkeys(names, expires))
                    pipe.pexpire(_key(stream_id), int(self._ttl_s * 1000) * 2)
            await pipe.execute()

    async def counts(self, stream_ids: Collection[UUID]) -> dict[UUID, int]:
        now = time.time()
        return {s: int(await self._count(keys=[_key(s)], args=[now])) for s in stream_ids}


def _by_stream(members: list[tuple[UUID, str]]) -> dict[UUID, list[str]]:
    grouped: dict[UUID, list[str]] = defaultdict(list)
    for stream_id, member in members:
        grouped[stream_id].append(member)
    return grouped


def _key(stream_id: UUID) -> str:
    return f"souk:stream:{stream_id}:audience"
