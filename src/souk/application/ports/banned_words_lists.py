from __future__ import annotations

from typing import Protocol
from uuid import UUID


class BannedWordsLists(Protocol):
    async def banned_words_of(self, seller_id: UUID) -> tuple[str, ...]:
        """The seller's own banned words (empty when they set none)."""
        ...
