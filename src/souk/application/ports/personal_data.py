from __future__ import annotations

from typing import Any, Protocol
from uuid import UUID


class PersonalData(Protocol):
    async def export(self, user_id: UUID) -> dict[str, Any]:
        """Everything Souk holds about ``user_id``, as JSON-ready sections: ``profile``,
        ``listings``, ``messages``, ``offers``, ``transactions``, ``tips``, ``auctions`` (led
        or run: the leading bid is the bid kept), ``giveaway_entries``, ``comments``, ``likes``,
        ``follows`` (``following`` and ``followers``), ``saves``, ``notifications``,
        ``media``. No secret (password hash, token digests) is part of it."""
        ...
