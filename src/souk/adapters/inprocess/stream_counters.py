from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from uuid import UUID

from souk.application.ports.stream_counters import StreamCounters


class InProcessStreamCounters(StreamCounters):
    """The embedded deployment's twin of RedisStreamCounters."""

    def __init__(self) -> None:
        self._counts: dict[UUID, Counter[str]] = defaultdict(Counter)

    async def add(self, stream_id: UUID, counter: str, amount: int = 1) -> None:
        self._counts[stream_id][counter] += amount

    async def add_many(self, stream_id: UUID, amounts: Mapping[str, int]) -> None:
        self._counts[stream_id].update(amounts)

    async def read(self, stream_id: UUID) -> dict[str, int]:
        return dict(self._counts.get(stream_id, {}))
