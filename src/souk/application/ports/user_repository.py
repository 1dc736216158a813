from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from souk.domain.accounts.user import User
from souk.domain.accounts.values import Email, PhoneNumber, Username


@dataclass(frozen=True, slots=True)
class ProfileCounts:
    followers: int = 0
    following: int = 0
    listings: int = 0
    sold: int = 0


class UserRepository(Protocol):
    async def add(self, user: User) -> None:
        """Raises UsernameTaken / EmailTaken / PhoneTaken when a unique field clashes."""
        ...

    async def get(self, user_id: UUID) -> User | None: ...

    async def many(self, user_ids: Iterable[UUID]) -> dict[UUID, User]:
        """The users of those ids that exist, in one read."""
        ...

    async def find_by_login(self, login: Username | Email | PhoneNumber) -> User | None: ...

    async def save(self, user: User) -> None: ...
