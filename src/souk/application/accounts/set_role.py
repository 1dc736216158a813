from __future__ import annotations

from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.domain.accounts.errors import UserNotFound
from souk.domain.accounts.user import User
from souk.domain.accounts.values import Role, Username


class SetRole:
    """An operator (CLI ``souk users role``) makes someone a moderator or admin, or takes
    the role back."""

    def __init__(self, uow: UnitOfWork, users: UserRepository, clock: Clock) -> None:
        self._uow = uow
        self._users = users
        self._clock = clock

    async def __call__(self, username: str, role: Role) -> User:
        user = await self._users.find_by_login(Username.parse(username))
        if user is None:
            raise UserNotFound()
        user.role = role
        user.updated_at = self._clock.now()
        await self._users.save(user)
        await self._uow.commit()
        return user
