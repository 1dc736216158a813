"""Bodies and answers of blocks, reports and the admin API."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from souk.application.ports.blocks import BlockedEntry
from souk.application.shared.paging import Page


class BlockedUserOut(msgspec.Struct):
    id: UUID
    username: str
    display_name: str
    avatar_url: str | None
    seller_tier: str
    blocked_at: datetime


class BlockPageOut(msgspec.Struct):
    items: list[BlockedUserOut]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[BlockedEntry]) -> BlockPageOut:
        return cls(
            [
                BlockedUserOut(
                    e.user.id, e.user.username, e.user.display_name, e.avatar_url, e.user.seller_tier, e.blocked_at
                )
                for e in page.items
            ],
            page.next_cursor,
        )
