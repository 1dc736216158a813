"""Use cases on the in-memory adapters: rules, transactions, and what a failure leaves behind."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from dishka import AsyncContainer

from souk.adapters.memory.store import InMemoryStore
from souk.application.accounts.create_user import CreateUser
from souk.application.accounts.profiles import GetPublicProfile
from souk.application.accounts.user_factory import NewUser
from souk.application.catalog.browse_discover import BrowseDiscover
from souk.application.catalog.create_product import CreateProduct
from souk.application.catalog.edit_product import EditProduct
from souk.application.catalog.follow_user import FollowUser
from souk.application.catalog.save_product import SaveProduct
from souk.application.catalog.seed_demo import SeedDemoData
from souk.bootstrap.container import build_container
from souk.domain.accounts.errors import UserNotFound
from souk.domain.catalog.default_categories import category_id
from souk.domain.catalog.errors import CannotFollowSelf, PriceLocked, ProductNotFound, UnknownCategory
from souk.domain.catalog.product import Condition, FeedType, Product, ProductChanges, ProductDraft
from souk.domain.shared.money import Money
from tests.support import fast_settings, unique


@pytest.fixture
async def container(tmp_path: Path) -> AsyncIterator[AsyncContainer]:
    container = build_container(fast_settings(tmp_path), in_memory=True)
    yield container
    await container.close()


async def run(container: AsyncContainer, kind: type[Any], *args: Any) -> Any:
    async with container() as request:
        return await (await request.get(kind))(*args)


async def new_user(container: AsyncContainer) -> UUID:
    user = await run(
        container, CreateUser, NewUser(unique(), "U", "plum kettle orbit saffron", email=f"{unique()}@x.io")
    )
    return user.id  # type: ignore[no-any-return]


def draft(**overrides: Any) -> ProductDraft:
    values: dict[str, Any] = {
        "title": "Desk lamp",
        "description": "Brass",
        "price": Money(4500, "USD"),
        "category_id": category_id("decor"),
        "condition": Condition.LIKE_NEW,
        "feed_type": FeedType.DISCOVER,
        **overrides,
    }
    return ProductDraft(**values)


async def test_price_edit_refused_while_an_offer_is_accepted_and_nothing_changes(container: AsyncContainer) -> None:
    seller = await new_user(container)
    listing = await run(container, CreateProduct, seller, draft())
    store = await container.get(InMemoryStore)
    stored: Product = store.table("products")[listing.product.id]
    stored.reserve(uuid4(), stored.created_at)  # what the negotiation capability will do
    with pytest.raises(PriceLocked):
        await run(
            container, EditProduct, listing.product.id, seller, ProductChanges(title="New", price=Money(1, "USD"))
        )
    after = store.table("products")[listing.product.id]
    assert (after.title, after.price) == ("Desk lamp", Money(4500, "USD"))


async def test_unknown_category_lists_nothing_and_counts_nothing(container: AsyncContainer) -> None:
    seller = await new_user(container)
    with pytest.raises(UnknownCategory):
        await run(container, CreateProduct, seller, draft(category_id=uuid4()))
    store = await container.get(InMemoryStore)
    assert store.table("products") == {}
    _, counts = await run(container, GetPublicProfile, seller)
    assert counts.listings == 0


async def test_follow_rules_and_missing_things(container: AsyncContainer) -> None:
    me = await new_user(container)
    with pytest.raises(CannotFollowSelf):
        await run(container, FollowUser, me, me)
    with pytest.raises(UserNotFound):
        await run(container, FollowUser, me, uuid4())
    with pytest.raises(ProductNotFound):
        await run(container, SaveProduct, me, uuid4())


async def test_discover_has_a_live_now_slot_only_on_the_first_page(container: AsyncContainer) -> None:
    seller = await new_user(container)
    for n in range(3):
        await run(container, CreateProduct, seller, draft(title=f"Lamp {n}"))
    first = await run(container, BrowseDiscover, None, 2)
    assert first.live_now == []
    assert [i.product.title for i in first.page.items] == ["Lamp 2", "Lamp 1"]
    second = await run(container, BrowseDiscover, first.page.next_cursor, 2)
    assert [i.product.title for i in second.page.items] == ["Lamp 0"]
    assert second.page.next_cursor is None


async def test_demo_seed_builds_both_feeds_and_counts(container: AsyncContainer) -> None:
    result = await run(container, SeedDemoData, 5, 200, None, 1)
    assert (result.users, result.products) == (5, 200)
    store = await container.get(InMemoryStore)
    products = list(store.table("products").values())
    assert {p.feed_type for p in products} == {FeedType.DISCOVER, FeedType.COMMUNITY}
    assert all(p.location is not None for p in products)
    assert len({p.price.currency for p in products}) >= 3
    assert sum(c.listings for c in store.table("profile_counts").values()) == 200
