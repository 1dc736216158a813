"""The session list's store, the same on memory, SQLite and PostgreSQL: a session is live
exactly while its refresh-token family can still refresh."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from dishka import AsyncContainer

from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.ports.session_repository import SessionRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.accounts.device_session import Device, DeviceSession, Platform
from souk.domain.accounts.refresh_token import RefreshToken
from tests.contract.test_user_repository import a_user, add

NOW = datetime(2026, 11, 21, 10, tzinfo=UTC)
PHONE = Device("Amira's phone", Platform.IOS)
LAPTOP = Device("Work laptop", Platform.WEB)


async def open_session(container: AsyncContainer, user_id: UUID, device: Device, at: datetime) -> RefreshToken:
    token, _ = RefreshToken.issue(uuid4(), user_id, at)
    async with container() as r:
        await (await r.get(RefreshTokenRepository)).add(token)
        session = DeviceSession(token.family_id, user_id, device, "Berlin, DE", at, at)
        await (await r.get(SessionRepository)).add(session)
        await (await r.get(UnitOfWork)).commit()
    return token


async def test_live_sessions_are_listed_newest_seen_first_with_their_device(container: AsyncContainer) -> None:
    user, other = a_user(), a_user()
    await add(container, user)
    await add(container, other)
    phone = await open_session(container, user.id, PHONE, NOW)
    laptop = await open_session(container, user.id, LAPTOP, NOW + timedelta(minutes=1))
    await open_session(container, other.id, PHONE, NOW)
    async with container() as r:
        repo = await r.get(SessionRepository)
        await repo.touch(phone.family_id, NOW + timedelta(minutes=5))
        await repo.touch(laptop.family_id, NOW)  # an older time never moves last-seen back
        await (await r.get(UnitOfWork)).commit()
    async with container() as r:
        live = await (await r.get(SessionRepository)).live_for_user(user.id, NOW + timedelta(minutes=6))
    assert [(s.id, s.device, s.last_seen_at) for s in live] == [
        (phone.family_id, PHONE, NOW + timedelta(minutes=5)),
        (laptop.family_id, LAPTOP, NOW + timedelta(minutes=1)),
    ]
    assert live[0].created_at == NOW
    assert live[0].approx_place == "Berlin, DE"


async def test_a_session_ends_with_its_family_and_belongs_to_its_user_only(container: AsyncContainer) -> None:
    user, mallory = a_user(), a_user()
    await add(container, user)
    await add(container, mallory)
    phone = await open_session(container, user.id, PHONE, NOW)
    laptop = await open_session(container, user.id, LAPTOP, NOW)
    async with container() as r:
        repo = await r.get(SessionRepository)
        assert await repo.live_of_user(phone.family_id, user.id, NOW) is not None
        assert await repo.live_of_user(phone.family_id, mallory.id, NOW) is None
        assert await repo.live_of_user(uuid4(), user.id, NOW) is None
        await (await r.get(RefreshTokenRepository)).revoke_family(phone.family_id, NOW)
        await (await r.get(UnitOfWork)).commit()
    async with container() as r:
        repo = await r.get(SessionRepository)
        assert await repo.live_of_user(phone.family_id, user.id, NOW) is None
        assert [s.id for s in await repo.live_for_user(user.id, NOW)] == [laptop.family_id]
        # expired families are not live either; rotation (a spent token and its successor) is
        assert await repo.live_for_user(user.id, NOW + timedelta(days=31)) == []
        spent = await (await r.get(RefreshTokenRepository)).mark_used(laptop.token_hash, NOW)
        assert spent is not None
        assert await repo.live_for_user(user.id, NOW) == []
        successor, _ = RefreshToken.issue(uuid4(), user.id, NOW, laptop.family_id)
        await (await r.get(RefreshTokenRepository)).add(successor)
        assert [s.id for s in await repo.live_for_user(user.id, NOW)] == [laptop.family_id]
        # devices seen count ended sessions too
        assert await repo.devices_seen(user.id) == {PHONE, LAPTOP}
        assert await repo.devices_seen(mallory.id) == set()
        await (await r.get(UnitOfWork)).commit()
