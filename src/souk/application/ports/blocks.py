from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.application.ports.catalog_reader import SellerSummary
from souk.application.shared.cursors import SortKey
from souk.domain.safety.block import Block


@dataclass(frozen=True, slots=True)
class BlockedEntry:
    user: SellerSummary
    avatar_url: str | None
    blocked_at: datetime
    key: SortKey


class Blocks(Protocol):
    """Who shut out whom. Use cases ask it through ``application.shared.visibility`` (the
    one place the block rule lives), never by hand."""

    async def add(self, block: Block) -> bool:
        """True when new; False when ``blocker`` already blocked ``blocked``."""
        ...

    async def remove(self, blocker_id: UUID, blocked_id: UUID) -> bool: ...

    async def either_way(self, a: UUID, b: UUID) -> bool:
        """Whether ``a`` blocked ``b`` or ``b`` blocked ``a``."""
        ...

    async def shut_out(self, user_id: UUID) -> frozenset[UUID]:
        """Everyone the user blocked or was blocked by (usually empty: one indexed read)."""
        ...

    async def blocked_by(self, blocker_id: UUID, after: SortKey | None, limit: int) -> list[BlockedEntry]:
        """Whom the user blocked, most recent first by (created_at, id)."""
        ...
