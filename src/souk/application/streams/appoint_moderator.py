from __future__ import annotations

from uuid import UUID

from souk.application.ports.chat_moderation_repository import ChatModerationRepository
from souk.application.ports.stream_repository import StreamReader
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.room_snapshots import RoomSnapshots
from souk.domain.streams.errors import InvalidModeration, StreamNotFound


class AppointModerator:
    """The seller names a moderator of one stream: they may delete and pin chat lines,
    time out and ban viewers, and change the chat rules, and slow mode never slows them."""

    def __init__(
        self,
        uow: UnitOfWork,
        streams: StreamReader,
        moderation: ChatModerationRepository,
        clock: Clock,
        snapshots: RoomSnapshots,
    ) -> None:
        self._uow = uow
        self._streams = streams
        self._moderation = moderation
        self._clock = clock
        self._snapshots = snapshots

    async def __call__(self, stream_id: UUID, by: UUID, user_id: UUID) -> None:
        stream = await self._streams.get(stream_id)
        if stream is None:
            raise StreamNotFound()
        stream.require_owner(by)
        stream.require_open()
        if user_id == stream.seller_id:
            raise InvalidModeration("The seller moderates their own stream already.", field="user_id")
        await self._moderation.add_moderator(stream.id, user_id, self._clock.now())
        await self._uow.commit()
        await self._snapshots.changed(stream.id)
