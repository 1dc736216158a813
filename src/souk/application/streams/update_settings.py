from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.audience_directory import AudienceDirectory
from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.room_snapshots import RoomSnapshots
from souk.domain.streams.errors import HomeLocationRequired, StreamNotFound
from souk.domain.streams.settings import Audience
from souk.domain.streams.stream import Stream


@dataclass(frozen=True, slots=True)
class SettingsChange:
    """Step 3 of Go Live. ``None`` leaves a setting as it is."""

    audience: Audience | None = None
    estimated_duration_min: int | None = None
    notify_followers: bool | None = None
    notify_neighborhood: bool | None = None
    enable_chat: bool | None = None
    enable_comments: bool | None = None
    record_stream: bool | None = None


class UpdateStreamSettings:
    def __init__(
        self,
        uow: UnitOfWork,
        streams: StreamRepository,
        directory: AudienceDirectory,
        clock: Clock,
        snapshots: RoomSnapshots,
    ) -> None:
        self._uow = uow
        self._streams = streams
        self._directory = directory
        self._clock = clock
        self._snapshots = snapshots

    async def __call__(self, stream_id: UUID, by: UUID, change: SettingsChange) -> Stream:
        stream = await self._streams.get_for_update(stream_id)
        if stream is None:
            raise StreamNotFound()
        settings = stream.settings.changed(
            audience=change.audience,
            estimated_duration_min=change.estimated_duration_min,
            notify_followers=change.notify_followers,
            notify_neighborhood=change.notify_neighborhood,
            enable_chat=change.enable_chat,
            enable_comments=change.enable_comments,
            record_stream=change.record_stream,
        )
        stream.change_settings(settings, by, self._clock.now())
        if settings.needs_home and await self._directory.home_of(stream.seller_id) is None:
            raise HomeLocationRequired(field="audience" if settings.audience is Audience.NEIGHBORHOOD else None)
        await self._streams.save(stream)
        await self._uow.commit()
        await self._snapshots.changed(stream.id)
        return stream
