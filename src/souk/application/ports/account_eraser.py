from __future__ import annotations

from typing import Protocol
from uuid import UUID


class AccountEraser(Protocol):
    """The one place that knows what deleting an account keeps and erases, row by row."""

    async def archive_listings(self, user_id: UUID) -> int:
        """Take the user's available listings off the feeds (status ``archived``)."""
        ...

    async def media_keys(self, user_id: UUID) -> list[str]:
        """Storage prefixes of everything the user uploaded (originals and outputs)."""
        ...

    async def erase(self, user_id: UUID) -> None:
        """Erase personal fields (profile, listings' text, places and images, their
        comments, likes, saves, follows, notifications, push tokens, media rows, exports),
        keep messages (shown from "Deleted user"), offers and transactions (ids and money:
        the accounting minimum)."""
        ...
