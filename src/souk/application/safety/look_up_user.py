from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.suspensions import Suspension, Suspensions
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.application.shared.staff import StaffGate
from souk.domain.accounts.user import User
from souk.domain.accounts.values import classify_login
from souk.domain.shared.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class UserFile:
    user: User
    suspension: Suspension | None


class LookUpUser:
    """Staff: a user by id, username, email or phone, with their suspension if any."""

    def __init__(self, gate: StaffGate, users: UserRepository, suspensions: Suspensions, clock: Clock) -> None:
        self._gate = gate
        self._users = users
        self._suspensions = suspensions
        self._clock = clock

    async def __call__(self, actor_id: UUID, query: str) -> UserFile | None:
        await self._gate.require(actor_id)
        text = query.strip()
        try:
            user = await self._users.get(UUID(text))
        except ValueError:
            try:
                user = await self._users.find_by_login(classify_login(text.lstrip("@")))
            except InvalidInput:
                return None
        if user is None:
            return None
        return UserFile(user, await self._suspensions.of(user.id, self._clock.now()))
