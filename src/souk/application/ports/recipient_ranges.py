from __future__ import annotations

from typing import Protocol
from uuid import UUID

from souk.domain.streams.announcement import Recipients


class RecipientRanges(Protocol):
    async def boundaries(self, recipients: Recipients, batch_size: int) -> list[UUID]:
        """User ids (ascending) that cut the recipients into batches of about
        ``batch_size``: batch i runs from boundary i-1 (inclusive) to boundary i."""
        ...
