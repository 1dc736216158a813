from __future__ import annotations

from datetime import UTC, datetime

import pytest
from dishka import AsyncContainer

from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.media_repository import MediaRepository
from souk.application.ports.payout_accounts import PayoutAccount, PayoutAccounts
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_reader import OwnAccount, UserReader
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.ids import new_id
from souk.domain.accounts.errors import EmailTaken, PhoneTaken, UsernameTaken
from souk.domain.accounts.user import User
from souk.domain.accounts.values import Email, PhoneNumber, SellerTier, Username
from souk.domain.media.media import Media
from souk.domain.media.values import ImageOutputs, ImageVariant, MediaKind
from souk.domain.shared.geo import GeoPoint
from tests.support import unique, unique_phone

NOW = datetime(2026, 11, 21, 10, 30, 15, 123456, tzinfo=UTC)


def a_user(**overrides: object) -> User:
    name = unique("u")
    fields: dict[str, object] = {
        "id": new_id(),
        "username": Username(name),
        "display_name": "Someone",
        "password_hash": "$argon2id$fake",
        "created_at": NOW,
        "updated_at": NOW,
        "phone": PhoneNumber(unique_phone()),
        "email": Email(f"{name}@example.com"),
    }
    fields.update(overrides)
    return User(**fields)  # type: ignore[arg-type]


async def add(container: AsyncContainer, user: User) -> None:
    async with container() as r:
        await (await r.get(UserRepository)).add(user)
        await (await r.get(UnitOfWork)).commit()


async def test_a_user_round_trips_with_every_field(container: AsyncContainer) -> None:
    user = a_user(
        home=GeoPoint(48.8566, 2.3522),
        neighborhood="Le Marais",
        bio="Hi",
        seller_tier=SellerTier.PRO,
        notification_settings={"new_message": False},
    )
    await add(container, user)
    async with container() as r:
        repo = await r.get(UserRepository)
        assert await repo.get(user.id) == user
        assert await repo.find_by_login(user.username) == user
        assert await repo.find_by_login(user.email) == user  # type: ignore[arg-type]
        assert await repo.find_by_login(user.phone) == user  # type: ignore[arg-type]
        assert await repo.get(new_id()) is None
        counts = await (await container.get(UserReader)).counts(user.id)
        assert (counts.followers, counts.listings) == (0, 0)


async def test_times_come_back_as_aware_utc(container: AsyncContainer) -> None:
    user = a_user()
    await add(container, user)
    async with container() as r:
        loaded = await (await r.get(UserRepository)).get(user.id)
    assert loaded is not None
    assert loaded.created_at == NOW
    assert loaded.created_at.tzinfo is not None


@pytest.mark.parametrize(
    ("clash", "error"),
    [("username", UsernameTaken), ("email", EmailTaken), ("phone", PhoneTaken)],
)
async def test_unique_fields_are_enforced_by_the_store(
    container: AsyncContainer, clash: str, error: type[Exception]
) -> None:
    first = a_user()
    await add(container, first)
    with pytest.raises(error):
        await add(container, a_user(**{clash: getattr(first, clash)}))


async def test_save_persists_changes(container: AsyncContainer) -> None:
    user = a_user()
    await add(container, user)
    user.display_name = "Renamed"
    user.phone_verified = True
    async with container() as r:
        await (await r.get(UserRepository)).save(user)
        await (await r.get(UnitOfWork)).commit()
    async with container() as r:
        loaded = await (await r.get(UserRepository)).get(user.id)
    assert loaded is not None
    assert (loaded.display_name, loaded.phone_verified) == ("Renamed", True)


async def test_nothing_is_kept_without_commit(container: AsyncContainer) -> None:
    user = a_user()
    async with container() as r:
        await (await r.get(UserRepository)).add(user)
    async with container() as r:
        assert await (await r.get(UserRepository)).get(user.id) is None


async def test_the_reader_sees_committed_users_only(container: AsyncContainer) -> None:
    reader = await container.get(UserReader)
    committed, pending = a_user(bio="committed"), a_user()
    await add(container, committed)
    async with container() as r:
        await (await r.get(UserRepository)).add(pending)
        assert await reader.get(committed.id) == committed
        if not isinstance(await r.get(UnitOfWork), InMemoryUnitOfWork):  # dicts have no isolation
            assert await reader.get(pending.id) is None
    assert await reader.get(pending.id) is None
    assert (await reader.counts(committed.id)).followers == 0
    assert await reader.get(new_id()) is None


async def test_the_reader_reads_many_users_in_one_call(container: AsyncContainer) -> None:
    reader = await container.get(UserReader)
    first, second = a_user(bio="first"), a_user(bio="second")
    await add(container, first)
    await add(container, second)
    unknown = new_id()
    assert await reader.many([second.id, unknown, first.id, second.id]) == {first.id: first, second.id: second}
    assert await reader.many(iter([first.id])) == {first.id: first}
    assert await reader.many([]) == {}


async def test_the_repository_reads_many_users_in_one_call(container: AsyncContainer) -> None:
    first, second = a_user(notification_settings={"new_message": False}), a_user()
    await add(container, first)
    await add(container, second)
    async with container() as r:
        repo = await r.get(UserRepository)
        assert await repo.many([second.id, new_id(), first.id, second.id]) == {first.id: first, second.id: second}
        assert await repo.many(iter([first.id])) == {first.id: first}
        assert await repo.many([]) == {}


async def test_the_reader_reads_an_account_with_its_payout_account_and_avatar_in_one_call(
    container: AsyncContainer,
) -> None:
    """``GET /users/me``'s read: the user, their payout account once they have one, and their
    uploaded avatar's media."""
    reader = await container.get(UserReader)
    seller, buyer = a_user(bio="seller"), a_user(bio="buyer")
    await add(container, seller)
    await add(container, buyer)
    avatar = Media.pending(new_id(), seller.id, MediaKind.IMAGE, "image/jpeg", 1000, "me.jpg", NOW)
    variant = ImageVariant(640, "jpeg", f"images/{avatar.id}/640.jpg", 640, 480)
    avatar.mark_image_ready(ImageOutputs(640, 480, (variant,)), NOW)
    seller.avatar_media_id = avatar.id
    account = PayoutAccount(seller.id, "stripe", f"acct_{new_id().hex[:12]}", True, NOW)
    async with container() as r:
        await (await r.get(MediaRepository)).add(avatar)
        await (await r.get(UserRepository)).save(seller)
        await (await r.get(PayoutAccounts)).put(account)
        await (await r.get(UnitOfWork)).commit()
    assert await reader.own_account(seller.id) == OwnAccount(seller, account, avatar)
    assert await reader.own_account(buyer.id) == OwnAccount(buyer, None, None)
    assert await reader.own_account(new_id()) is None
