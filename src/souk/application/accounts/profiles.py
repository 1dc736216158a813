from __future__ import annotations

from uuid import UUID

from souk.application.ports.clock import Clock
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_reader import UserReader
from souk.application.ports.user_repository import ProfileCounts, UserRepository
from souk.domain.accounts.errors import UserNotFound
from souk.domain.accounts.user import ProfileChanges, User


class GetMyProfile:
    def __init__(self, users: UserReader) -> None:
        self._users = users

    async def __call__(self, user_id: UUID) -> User:
        user = await self._users.get(user_id)
        if user is None:
            raise UserNotFound()
        return user


class UpdateMyProfile:
    def __init__(self, uow: UnitOfWork, users: UserRepository, clock: Clock) -> None:
        self._uow = uow
        self._users = users
        self._clock = clock

    async def __call__(self, user_id: UUID, changes: ProfileChanges) -> User:
        user = await self._users.get(user_id)
        if user is None:
            raise UserNotFound()
        user.update_profile(changes, self._clock.now())
        await self._users.save(user)
        await self._uow.commit()
        return user


class GetPublicProfile:
    def __init__(self, users: UserReader) -> None:
        self._users = users

    async def __call__(self, user_id: UUID) -> tuple[User, ProfileCounts]:
        user = await self._users.get(user_id)
        if user is None:
            raise UserNotFound()
        return user, await self._users.counts(user_id)
