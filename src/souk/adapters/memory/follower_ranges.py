from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.adapters.memory.store import InMemoryStore
from souk.application.ports.follower_ranges import FollowerRanges


class InMemoryFollowerRanges(FollowerRanges):
    def __init__(self, store: InMemoryStore) -> None:
        self._follows: dict[tuple[UUID, UUID], datetime] = store.table("follows")

    async def boundaries(self, seller_id: UUID, batch_size: int) -> list[UUID]:
        followers = sorted(follower for follower, followee in self._follows if followee == seller_id)
        return followers[batch_size::batch_size]
