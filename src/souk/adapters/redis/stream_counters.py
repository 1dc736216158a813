from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from uuid import UUID

from redis.asyncio import Redis

from souk.adapters.redis.write_batch import WriteBatch
from souk.application.ports.stream_counters import StreamCounters

KEEP_S = 7 * 24 * 3600  # long after any stream ends (the totals are copied at the end)


class RedisStreamCounters(StreamCounters):
    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._additions: WriteBatch[tuple[UUID, Mapping[str, int]]] = WriteBatch(self._add_all)

    async def add(self, stream_id: UUID, counter: str, amount: int = 1) -> None:
        await self.add_many(stream_id, {counter: amount})

    async def add_many(self, stream_id: UUID, amounts: Mapping[str, int]) -> None:
        await self._additions.add((stream_id, amounts))

    async def _add_all(self, additions: list[tuple[UUID, Mapping[str, int]]]) -> None:
        totals: dict[UUID, Counter[str]] = defaultdict(Counter)
        for stream_id, amounts in additions:
            totals[stream_id].update(amounts)
        async with self._redis.pipeline(transaction=False) as pipe:
            for stream_id, amounts in totals.items():
                key = _key(stream_id)
                for counter, amount in amounts.items():
                    pipe.hincrby(key, counter, amount)
                pipe.expire(key, KEEP_S)
            await pipe.execute()

    async def read(self, stream_id: UUID) -> dict[str, int]:
        raw = await self._redis.hgetall(_key(stream_id))
        return {(k.decode() if isinstance(k, bytes) else str(k)): int(v) for k, v in raw.items()}


def _key(stream_id: UUID) -> str:
    return f"souk:stream:{stream_id}:counters"
