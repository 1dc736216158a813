from __future__ import annotations

from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.blocks import Blocks
from souk.application.ports.engagement_repository import FollowRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.domain.accounts.errors import UserNotFound
from souk.domain.safety.block import Block
from souk.domain.streams.events import AudienceChanged


class BlockUser:
    """Idempotent. Follows either way end at once; ``stream.audience_changed`` for both makes
    every process re-check their open live-room visits, so neither stays in the other's room."""

    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        blocks: Blocks,
        follows: FollowRepository,
        events: EventRecorder,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._users = users
        self._blocks = blocks
        self._follows = follows
        self._events = events
        self._clock = clock

    async def __call__(self, blocker_id: UUID, blocked_id: UUID) -> None:
        block = Block.make(blocker_id, blocked_id, self._clock.now())
        if await self._users.get(blocked_id) is None:
            raise UserNotFound()
        if await self._blocks.add(block):
            await self._follows.unfollow(blocker_id, blocked_id)
            await self._follows.unfollow(blocked_id, blocker_id)
            await self._events.record(AudienceChanged(blocker_id))
            await self._events.record(AudienceChanged(blocked_id))
        await self._uow.commit()
        await self._events.publish()
