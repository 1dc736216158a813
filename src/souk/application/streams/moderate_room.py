"""What a live room's moderators (the seller and whom they appointed) do over ``/ws``:
delete or pin a chat line, time a viewer out for some minutes, ban them from the seller's
streams. Lines are not stored (live chat is ephemeral), so deleting and pinning are
events every viewer's client applies (``stream:chat:deleted`` / ``stream:chat:pinned``);
a time-out or ban is stored, and its event takes the viewer's sockets out of the room on
every process (``stream:removed``)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.chat_moderation_repository import ChatModerationRepository
from souk.application.ports.event_bus import EventBus
from souk.application.ports.room_loader import RoomLoader
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.room_snapshots import RoomSnapshot, RoomSnapshots
from souk.domain.streams.events import StreamChatDeleted, StreamChatPinned, ViewerRemoved
from souk.domain.streams.moderation import RemovalReason, timeout_until


class ModerateRoom:
    def __init__(
        self,
        uow: UnitOfWork,
        moderation: ChatModerationRepository,
        events: EventRecorder,
        bus: EventBus,
        snapshots: RoomSnapshots,
        loader: RoomLoader,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._moderation = moderation
        self._events = events
        self._bus = bus
        self._snapshots = snapshots
        self._loader = loader
        self._clock = clock

    async def delete_line(self, stream_id: UUID, by: UUID, message_id: UUID) -> None:
        await self._room(stream_id, by)
        await self._bus.publish(StreamChatDeleted(stream_id, message_id, by))

    async def pin_line(self, stream_id: UUID, by: UUID, message_id: UUID) -> None:
        await self._room(stream_id, by)
        await self._bus.publish(StreamChatPinned(stream_id, message_id, by))

    async def timeout(self, stream_id: UUID, by: UUID, user_id: UUID, minutes: object) -> None:
        until = timeout_until(self._clock.now(), minutes)
        await self._remove(stream_id, by, user_id, RemovalReason.TIMED_OUT, until)

    async def ban(self, stream_id: UUID, by: UUID, user_id: UUID) -> None:
        await self._remove(stream_id, by, user_id, RemovalReason.BANNED, None)

    async def _remove(
        self, stream_id: UUID, by: UUID, user_id: UUID, reason: RemovalReason, until: datetime | None
    ) -> None:
        room = await self._room(stream_id, by)
        room.moderation.require_target(by, user_id)
        seller_id = room.stream.seller_id
        await self._moderation.remove_viewer(seller_id, user_id, until, self._clock.now())
        await self._events.record(ViewerRemoved(stream_id, seller_id, user_id, reason.value, until))
        await self._uow.commit()
        await self._snapshots.changed(stream_id)  # before the kick lands: a rejoin sees the removal
        await self._events.publish()

    async def _room(self, stream_id: UUID, by: UUID) -> RoomSnapshot:
        room = await self._snapshots.get(stream_id, lambda: self._loader(stream_id))
        room.stream.require_open()
        room.moderation.require_moderator(by)
        return room
