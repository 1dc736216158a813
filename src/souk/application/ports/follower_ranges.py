from __future__ import annotations

from typing import Protocol
from uuid import UUID


class FollowerRanges(Protocol):
    async def boundaries(self, seller_id: UUID, batch_size: int) -> list[UUID]:
        """Follower ids (ascending) that cut the seller's followers into batches of about
        ``batch_size``: batch i runs from boundary i-1 (inclusive) to boundary i."""
        ...
