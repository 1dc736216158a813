"""The one place staff-only use cases check who asks (``Role.can_moderate`` is the rule)."""

from __future__ import annotations

from uuid import UUID

from souk.application.ports.user_repository import UserRepository
from souk.domain.accounts.user import User
from souk.domain.accounts.values import Role
from souk.domain.safety.errors import StaffOnly


class StaffGate:
    def __init__(self, users: UserRepository) -> None:
        self._users = users

    async def require(self, user_id: UUID, *, admin: bool = False) -> User:
        """The caller if they are staff (an admin when ``admin``); anyone else gets the 404
        every unknown route answers: staff routes are not even admitted to exist."""
        user = await self._users.get(user_id)
        if user is None or not user.role.can_moderate or (admin and user.role is not Role.ADMIN):
            raise StaffOnly()
        return user
