from __future__ import annotations

from uuid import UUID

from souk.application.ports.engagement_repository import FollowRepository
from souk.application.ports.unit_of_work import UnitOfWork


class UnfollowUser:
    def __init__(self, uow: UnitOfWork, follows: FollowRepository) -> None:
        self._uow = uow
        self._follows = follows

    async def __call__(self, follower_id: UUID, followee_id: UUID) -> None:
        await self._follows.unfollow(follower_id, followee_id)
        await self._uow.commit()
