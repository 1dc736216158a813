from __future__ import annotations

import time
from collections.abc import Collection, Iterable
from uuid import UUID

from redis.asyncio import Redis

from souk.application.ports.presence import Presence

# One sorted set per user: member = connection id, score = when it expires; the key itself
# expires with the last one. A global sorted set of "user:connection" by expiry lets any
# process find connections a crashed process left behind (``expire_stale``).
_PREFIX = "souk:presence:"
_EXPIRIES = "souk:presence-expiries"
_CONNECT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local before = redis.call('ZCARD', KEYS[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[5])
return {before, redis.call('ZCARD', KEYS[1])}
"""
_DISCONNECT = """
redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZCARD', KEYS[1])
"""
# Atomic, so of several sweeping processes exactly one claims each expired connection.
_SWEEP = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local gone = {}
for _, member in ipairs(due) do
  redis.call('ZREM', KEYS[1], member)
  local sep = string.find(member, ':', 1, true)
  local key = ARGV[3] .. string.sub(member, 1, sep - 1)
  redis.call('ZREM', key, string.sub(member, sep + 1))
  redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[1])
  if redis.call('ZCARD', key) == 0 then table.insert(gone, string.sub(member, 1, sep - 1)) end
end
return gone
"""
# Which of these users have a live connection: one script call answers a whole batch with
# the positions of the online ones (a pipeline of one ZCOUNT per user parsed one reply per
# user in Python; going live to 100,000 followers spent most of its CPU there).
_ONLINE = """
local online = {}
for i, key in ipairs(KEYS) do
  if redis.call('ZCOUNT', key, ARGV[1], '+inf') > 0 then table.insert(online, i) end
end
return online
"""
ONLINE_CHUNK = 2000  # users per script call (one round trip); the script holds Redis ~1 ms
# The beat's renewal, in Redis: per "user:connection" of ARGV[4..] (XX: a connection swept or
# disconnected meanwhile is not brought back to life; CH tells such a one apart), the
# positions of those not renewed. A pipeline of two commands per socket cost the process
# ~30 µs of Python per socket in one stretch (2,000 sockets: a ~60-70 ms stall of the event
# loop every beat, the p99 of every live room and chat on it); this costs one argument each.
_TOUCH = """
local lost = {}
for i = 4, #ARGV do
  local member = ARGV[i]
  local sep = string.find(member, ':', 1, true)
  local key = ARGV[3] .. string.sub(member, 1, sep - 1)
  if redis.call('ZADD', key, 'XX', 'CH', ARGV[1], string.sub(member, sep + 1)) == 0 then
    table.insert(lost, i - 3)
  end
  redis.call('PEXPIRE', key, ARGV[2])
  redis.call('ZADD', KEYS[1], 'XX', ARGV[1], member)
end
return lost
"""
TOUCH_CHUNK = 500  # sockets per script call: the event loop runs between calls, Redis is held < 1 ms


class RedisPresence(Presence):
    def __init__(self, redis: Redis, ttl_s: float = 20.0) -> None:
        self._redis = redis
        self._ttl_s = ttl_s
        self._connect = redis.register_script(_CONNECT)
        self._disconnect = redis.register_script(_DISCONNECT)
        self._sweep = redis.register_script(_SWEEP)
        self._online = redis.register_script(_ONLINE)
        self._touch = redis.register_script(_TOUCH)

    async def connect(self, user_id: UUID, connection_id: str) -> tuple[bool, int]:
        now = time.time()
        before, after = await self._connect(
            keys=[_key(user_id), _EXPIRIES],
            args=[now, now + self._ttl_s, connection_id, int(self._ttl_s * 1000), f"{user_id}:{connection_id}"],
        )
        return int(before) == 0, int(after)

    async def disconnect(self, user_id: UUID, connection_id: str) -> bool:
        remaining = await self._disconnect(
            keys=[_key(user_id), _EXPIRIES], args=[time.time(), connection_id, f"{user_id}:{connection_id}"]
        )
        return int(remaining) == 0

    async def touch(self, connections: Collection[tuple[UUID, str]]) -> list[tuple[UUID, str]]:
        pairs = list(connections)
        expires, ttl_ms = repr(time.time() + self._ttl_s), int(self._ttl_s * 1000)
        lost: list[tuple[UUID, str]] = []
        for start in range(0, len(pairs), TOUCH_CHUNK):
            chunk = pairs[start : start + TOUCH_CHUNK]
            members = [f"{user_id}:{connection_id}" for user_id, connection_id in chunk]
            positions = await self._touch(keys=[_EXPIRIES], args=[expires, ttl_ms, _PREFIX, *members])
            lost.extend(chunk[int(i) - 1] for i in positions)
        return lost

    async def online(self, user_ids: Iterable[UUID]) -> set[UUID]:
        users = list(dict.fromkeys(user_ids))
        now, online = time.time(), set[UUID]()
        for start in range(0, len(users), ONLINE_CHUNK):
            chunk = users[start : start + ONLINE_CHUNK]
            positions = await self._online(keys=[_key(u) for u in chunk], args=[now])
            online.update(chunk[int(i) - 1] for i in positions)
        return online

    async def expire_stale(self, limit: int = 1000) -> list[UUID]:
        gone = await self._sweep(keys=[_EXPIRIES], args=[time.time(), limit, _PREFIX])
        return list(dict.fromkeys(UUID(u.decode() if isinstance(u, bytes) else u) for u in gone))


def _key(user_id: UUID) -> str:
    return f"{_PREFIX}{user_id}"
