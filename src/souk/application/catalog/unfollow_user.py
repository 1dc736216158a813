from __future__ import annotations

from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.engagement_repository import FollowRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.streams.events import AudienceChanged


class UnfollowUser:
    """An unfollow may take the follower out of the seller's followers-only live room:
    ``stream.audience_changed`` makes every process re-check them."""

    def __init__(self, uow: UnitOfWork, follows: FollowRepository, events: EventRecorder) -> None:
        self._uow = uow
        self._follows = follows
        self._events = events

    async def __call__(self, follower_id: UUID, followee_id: UUID) -> None:
        if await self._follows.unfollow(follower_id, followee_id):
            await self._events.record(AudienceChanged(follower_id))
        await self._uow.commit()
        await self._events.publish()
