from __future__ import annotations

from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.engagement_repository import FollowRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.application.shared.visibility import Visibility
from souk.domain.accounts.errors import UserNotFound
from souk.domain.catalog.errors import CannotFollowSelf
from souk.domain.catalog.events import UserFollowed


class FollowUser:
    """Idempotent: following twice counts once (and raises ``user.followed`` once)."""

    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        follows: FollowRepository,
        visibility: Visibility,
        events: EventRecorder,
        clock: Clock,
    ) -> None:
        self._visibility = visibility
        self._uow = uow
        self._users = users
        self._follows = follows
        self._events = events
        self._clock = clock

    async def __call__(self, follower_id: UUID, followee_id: UUID) -> None:
        if follower_id == followee_id:
            raise CannotFollowSelf()
        if await self._users.get(followee_id) is None:
            raise UserNotFound()
        await self._visibility.ensure_apart(follower_id, followee_id)
        if await self._follows.follow(follower_id, followee_id, self._clock.now()):
            await self._events.record(UserFollowed(follower_id, followee_id))
        await self._uow.commit()
        await self._events.publish()
