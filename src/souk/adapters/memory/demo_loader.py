from __future__ import annotations

from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.demo_loader import DemoLoader
from souk.application.ports.user_repository import ProfileCounts
from souk.domain.accounts.user import User
from souk.domain.catalog.product import ListingCounts, Product


class InMemoryDemoLoader(DemoLoader):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._users: dict[UUID, User] = uow.store.table("users")
        self._products: dict[UUID, Product] = uow.store.table("products")
        self._counts: dict[UUID, ProfileCounts] = uow.store.table("profile_counts")

    async def load_users(self, users: list[User]) -> None:
        self._uow.before_write()
        self._users.update({u.id: clone(u) for u in users})

    async def load_products(self, products: list[Product]) -> None:
        self._uow.before_write()
        self._products.update({p.id: clone(p) for p in products})

    async def recount(self) -> None:
        self._uow.before_write()
        totals: dict[UUID, ListingCounts] = {}
        for product in self._products.values():
            counts = ListingCounts.of(product.status)
            before = totals.get(product.seller_id, ListingCounts(0, 0))
            totals[product.seller_id] = ListingCounts(before.listings + counts.listings, before.sold + counts.sold)
        for user_id in self._users:
            current = self._counts.get(user_id, ProfileCounts())
            total = totals.get(user_id, ListingCounts(0, 0))
            self._counts[user_id] = ProfileCounts(current.followers, current.following, total.listings, total.sold)
