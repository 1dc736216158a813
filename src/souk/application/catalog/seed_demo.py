from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from souk.application.catalog.demo_data import DemoDataFactory
from souk.application.ports.category_repository import CategoryRepository
from souk.application.ports.demo_loader import DemoLoader
from souk.application.ports.password_hasher import PasswordHasher
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids

DEMO_PASSWORD = "souk-demo-password"
BATCH = 10_000


@dataclass(frozen=True, slots=True)
class SeedResult:
    users: int
    products: int


class SeedDemoData:
    """Bulk-loads demo users (password ``souk-demo-password``) and their listings."""

    def __init__(
        self,
        uow: UnitOfWork,
        loader: DemoLoader,
        categories: CategoryRepository,
        hasher: PasswordHasher,
        clock: Clock,
        ids: Ids,
    ) -> None:
        self._uow = uow
        self._loader = loader
        self._categories = categories
        self._hasher = hasher
        self._clock = clock
        self._ids = ids

    async def __call__(
        self, users: int, products: int, progress: Callable[[int, int], None] | None = None, seed: int | None = None
    ) -> SeedResult:
        factory = DemoDataFactory(
            await self._categories.all(),
            await self._hasher.hash(DEMO_PASSWORD),
            self._clock.now(),
            self._ids,
            seed=seed if seed is not None else secrets.randbits(32),
        )
        seller_ids: list[UUID] = []
        for start in range(0, users, BATCH):
            batch = factory.users(min(BATCH, users - start), start)
            await self._loader.load_users(batch)
            seller_ids.extend(u.id for u in batch)
        await self._uow.commit()
        if seller_ids:
            for start in range(0, products, BATCH):
                await self._loader.load_products(factory.products(min(BATCH, products - start), seller_ids))
                await self._uow.commit()
                if progress:
                    progress(min(start + BATCH, products), products)
        await self._loader.recount()
        await self._uow.commit()
        return SeedResult(len(seller_ids), products if seller_ids else 0)
