from __future__ import annotations

from souk.application.accounts.user_factory import NewUser, UserFactory
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.domain.accounts.user import User


class CreateUser:
    """An operator creates an account (CLI): may set tier and role, opens no session."""

    def __init__(self, uow: UnitOfWork, users: UserRepository, factory: UserFactory) -> None:
        self._uow = uow
        self._users = users
        self._factory = factory

    async def __call__(self, data: NewUser) -> User:
        user = await self._factory.build(data)
        await self._users.add(user)
        await self._uow.commit()
        return user
