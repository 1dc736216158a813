from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.adapters.catalog_keys import parse_time_key, time_key
from souk.adapters.memory.profile_counters import bump
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.catalog_reader import SellerSummary
from souk.application.ports.engagement_repository import FollowEntry, FollowRepository, SaveRepository
from souk.application.ports.user_repository import ProfileCounts
from souk.application.shared.cursors import SortKey
from souk.domain.accounts.user import User
from souk.domain.catalog.product import Product


class InMemorySaveRepository(SaveRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._saves: dict[tuple[UUID, UUID], datetime] = uow.store.table("product_saves")
        self._products: dict[UUID, Product] = uow.store.table("products")

    async def save(self, user_id: UUID, product_id: UUID, at: datetime) -> bool:
        if (user_id, product_id) in self._saves:
            return False
        self._uow.before_write()
        self._saves[(user_id, product_id)] = at
        self._products[product_id].saves_count += 1
        return True

    async def unsave(self, user_id: UUID, product_id: UUID) -> bool:
        if (user_id, product_id) not in self._saves:
            return False
        self._uow.before_write()
        del self._saves[(user_id, product_id)]
        self._products[product_id].saves_count -= 1
        return True


class InMemoryFollowRepository(FollowRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._follows: dict[tuple[UUID, UUID], datetime] = uow.store.table("follows")
        self._users: dict[UUID, User] = uow.store.table("users")
        self._counts: dict[UUID, ProfileCounts] = uow.store.table("profile_counts")

    async def follow(self, follower_id: UUID, followee_id: UUID, at: datetime) -> bool:
        if (follower_id, followee_id) in self._follows:
            return False
        self._uow.before_write()
        self._follows[(follower_id, followee_id)] = at
        bump(self._counts, follower_id, following=1)
        bump(self._counts, followee_id, followers=1)
        return True

    async def unfollow(self, follower_id: UUID, followee_id: UUID) -> bool:
        if (follower_id, followee_id) not in self._follows:
            return False
        self._uow.before_write()
        del self._follows[(follower_id, followee_id)]
        bump(self._counts, follower_id, following=-1)
        bump(self._counts, followee_id, followers=-1)
        return True

    async def followers(self, user_id: UUID, after: SortKey | None, limit: int) -> list[FollowEntry]:
        return self._page([(at, a) for (a, b), at in self._follows.items() if b == user_id], after, limit)

    async def following(self, user_id: UUID, after: SortKey | None, limit: int) -> list[FollowEntry]:
        return self._page([(at, b) for (a, b), at in self._follows.items() if a == user_id], after, limit)

    def _page(self, rows: list[tuple[datetime, UUID]], after: SortKey | None, limit: int) -> list[FollowEntry]:
        rows.sort(reverse=True)
        if after is not None:
            bound = parse_time_key(after)
            rows = [r for r in rows if r < bound]
        return [self._entry(at, uid) for at, uid in rows[:limit]]

    def _entry(self, at: datetime, user_id: UUID) -> FollowEntry:
        user = self._users[user_id]
        summary = SellerSummary(user.id, user.username.value, user.display_name, user.seller_tier.value)
        return FollowEntry(summary, user.avatar_url, time_key(at, user_id))
