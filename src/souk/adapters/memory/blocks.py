from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.adapters.catalog_keys import parse_time_key, time_key
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.blocks import BlockedEntry, Blocks
from souk.application.ports.catalog_reader import SellerSummary
from souk.application.shared.cursors import SortKey
from souk.domain.accounts.user import User
from souk.domain.safety.block import Block


class InMemoryBlocks(Blocks):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._blocks: dict[tuple[UUID, UUID], datetime] = uow.store.table("user_blocks")
        self._users: dict[UUID, User] = uow.store.table("users")

    async def add(self, block: Block) -> bool:
        if (block.blocker_id, block.blocked_id) in self._blocks:
            return False
        self._uow.before_write()
        self._blocks[(block.blocker_id, block.blocked_id)] = block.created_at
        return True

    async def remove(self, blocker_id: UUID, blocked_id: UUID) -> bool:
        if (blocker_id, blocked_id) not in self._blocks:
            return False
        self._uow.before_write()
        del self._blocks[(blocker_id, blocked_id)]
        return True

    async def either_way(self, a: UUID, b: UUID) -> bool:
        return (a, b) in self._blocks or (b, a) in self._blocks

    async def shut_out(self, user_id: UUID) -> frozenset[UUID]:
        return frozenset(b if a == user_id else a for a, b in self._blocks if user_id in (a, b))

    async def blocked_by(self, blocker_id: UUID, after: SortKey | None, limit: int) -> list[BlockedEntry]:
        rows = sorted(((at, b) for (a, b), at in self._blocks.items() if a == blocker_id), reverse=True)
        if after is not None:
            bound = parse_time_key(after)
            rows = [r for r in rows if r < bound]
        found = []
        for at, uid in rows[:limit]:
            user = self._users[uid]
            summary = SellerSummary(user.id, user.username.value, user.display_name, user.seller_tier.value)
            found.append(BlockedEntry(summary, user.avatar_url, at, time_key(at, uid)))
        return found
