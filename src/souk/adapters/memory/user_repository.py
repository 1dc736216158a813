from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.domain.accounts.errors import EmailTaken, PhoneTaken, UsernameTaken
from souk.domain.accounts.user import User
from souk.domain.accounts.values import Email, PhoneNumber, Username


class InMemoryUserRepository(UserRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._users: dict[UUID, User] = uow.store.table("users")

    async def add(self, user: User) -> None:
        self._check_unique(user)
        self._uow.before_write()
        self._users[user.id] = clone(user)

    async def get(self, user_id: UUID) -> User | None:
        user = self._users.get(user_id)
        return clone(user) if user else None

    async def many(self, user_ids: Iterable[UUID]) -> dict[UUID, User]:
        return {i: clone(self._users[i]) for i in user_ids if i in self._users}

    async def find_by_login(self, login: Username | Email | PhoneNumber) -> User | None:
        for user in self._users.values():
            if login in (user.username, user.email, user.phone):
                return clone(user)
        return None

    async def save(self, user: User) -> None:
        self._check_unique(user)
        self._uow.before_write()
        self._users[user.id] = clone(user)

    def _check_unique(self, user: User) -> None:
        for other in self._users.values():
            if other.id == user.id:
                continue
            if other.username == user.username:
                raise UsernameTaken()
            if user.email is not None and other.email == user.email:
                raise EmailTaken()
            if user.phone is not None and other.phone == user.phone:
                raise PhoneTaken()
