"""Drives the negotiation use cases through a real container (memory, SQLite or PostgreSQL)
with a hand-moved clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from dishka import AsyncContainer, Provider, Scope

from souk.adapters.memory.clock import FakeClock
from souk.application.accounts.create_user import CreateUser
from souk.application.accounts.user_factory import NewUser
from souk.application.catalog.create_product import CreateProduct
from souk.application.shared.clock import Clock
from souk.bootstrap.container import build_container
from souk.bootstrap.settings import Settings
from souk.domain.catalog.default_categories import category_id
from souk.domain.catalog.product import Condition, FeedType, ProductDraft
from souk.domain.shared.money import Money
from tests.support import fast_settings, unique

T = TypeVar("T")


class Negotiation:
    def __init__(self, container: AsyncContainer, clock: FakeClock, backend: str) -> None:
        self.container = container
        self.clock = clock
        self.backend = backend

    async def run(self, kind: type[Any], *args: Any) -> Any:
        """One use case in its own request scope, as one HTTP request would."""
        async with self.container() as request:
            return await (await request.get(kind))(*args)

    async def get(self, kind: type[T]) -> T:
        return await self.container.get(kind)

    async def user(self) -> UUID:
        data = NewUser(unique("nu"), "Negotiator", "plum kettle orbit saffron", email=f"{unique()}@ex.com")
        return (await self.run(CreateUser, data)).id  # type: ignore[no-any-return]

    async def product(self, seller: UUID, price: int = 10_000, currency: str = "EUR") -> UUID:
        draft = ProductDraft(
            title="Road bike",
            description="",
            price=Money(price, currency),
            category_id=category_id("bicycles"),
            condition=Condition.GOOD,
            feed_type=FeedType.DISCOVER,
        )
        return (await self.run(CreateProduct, seller, draft)).product.id  # type: ignore[no-any-return]


def negotiation_container(backend: str, settings: Settings | None, tmp_path: Path, *overrides: Provider) -> Negotiation:
    clock = FakeClock(datetime.now(UTC).replace(microsecond=0))
    fakes = Provider(scope=Scope.APP)
    fakes.provide(lambda: clock, provides=Clock)
    if backend == "memory":
        container = build_container(fast_settings(tmp_path), fakes, *overrides, in_memory=True)
    else:
        assert settings is not None
        container = build_container(settings, fakes, *overrides)
    return Negotiation(container, clock, backend)
