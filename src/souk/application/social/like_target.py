from __future__ import annotations

from uuid import UUID

from souk.application.ports.like_repository import LikeRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.social.targets import SocialTargets
from souk.domain.social.target import TargetRef


class LikeTarget:
    """Idempotent: liking twice counts once."""

    def __init__(self, uow: UnitOfWork, targets: SocialTargets, likes: LikeRepository, clock: Clock) -> None:
        self._uow = uow
        self._targets = targets
        self._likes = likes
        self._clock = clock

    async def __call__(self, user_id: UUID, ref: TargetRef) -> None:
        await self._targets.for_action(ref, user_id)
        await self._likes.like(user_id, ref, self._clock.now())
        await self._uow.commit()
