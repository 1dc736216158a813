from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.audience_directory import AudienceDirectory
from souk.application.ports.live_audience import LiveAudience
from souk.application.ports.room_loader import RoomLoader
from souk.application.ports.stream_counters import StreamCounters, views_of
from souk.application.ports.stream_repository import StreamReader
from souk.application.shared.clock import Clock
from souk.application.shared.visibility import Visibility
from souk.application.streams.room_snapshots import RoomSnapshot, RoomSnapshots
from souk.application.streams.views import StreamProductView, StreamView
from souk.application.streams.visit_buffer import VisitBuffer
from souk.domain.streams.audience import admit
from souk.domain.streams.errors import StreamNotFound
from souk.domain.streams.settings import Audience
from souk.domain.streams.stream import Stream


@dataclass(frozen=True, slots=True)
class Joined:
    room: RoomSnapshot
    counted: bool  # the seller in their own room is not a viewer

    @property
    def stream(self) -> StreamView:
        return self.room.view

    @property
    def products(self) -> list[StreamProductView]:
        return self.room.products


async def open_stream(streams: StreamReader, stream_id: UUID) -> Stream:
    stream = await streams.get(stream_id)
    if stream is None:
        raise StreamNotFound()
    stream.require_open()
    return stream


class JoinStream:
    """Enter a live room (or wait in it before the stream starts), if the audience rules
    admit the viewer; the answer carries what to show: stream, playback URL, products.

    Built for the opening rush of a show: what every viewer sees comes from the room's
    snapshot (one load per stream, ``RoomSnapshots``); per viewer there is at most one read,
    for admission (do they follow the seller / where is their home), the visit goes into
    the viewer log's next batch (``VisitBuffer``), and the audience and view counters are
    written in batches shared with the other joiners."""

    def __init__(
        self,
        snapshots: RoomSnapshots,
        loader: RoomLoader,
        directory: AudienceDirectory,
        visibility: Visibility,
        visits: VisitBuffer,
        audience: LiveAudience,
        counters: StreamCounters,
        clock: Clock,
    ) -> None:
        self._snapshots = snapshots
        self._loader = loader
        self._directory = directory
        self._visibility = visibility
        self._visits = visits
        self._audience = audience
        self._counters = counters
        self._clock = clock

    async def __call__(self, stream_id: UUID, user_id: UUID, visit_id: UUID, member: str, first: bool = True) -> Joined:
        """``first`` is False when the same socket joins again (it only gets the snapshot)."""
        room = await self._snapshots.get(stream_id, lambda: self._loader(stream_id))
        stream = room.stream
        stream.require_open()
        room.moderation.require_admitted(user_id, self._clock.now())  # timed out or banned: in memory
        await self._check_audience(room, user_id)
        counted = user_id != stream.seller_id
        if counted and first:
            self._visits.joined(visit_id, stream.id, user_id, self._clock.now())
            await self._audience.enter(stream.id, member)
            shown = room.shown
            if stream.is_live and shown:
                await self._counters.add_many(stream.id, dict.fromkeys(map(views_of, shown), 1))
        return Joined(room, counted)

    async def _check_audience(self, room: RoomSnapshot, user_id: UUID) -> None:
        await check_audience(self._directory, self._visibility, room, user_id)


async def check_audience(
    directory: AudienceDirectory, visibility: Visibility, room: RoomSnapshot, user_id: UUID
) -> None:
    """Raises NotInAudience when ``user_id`` may not watch ``room`` (at join, and again
    when a follow, a home or a block changes: ``StillAdmitted``); ``Blocked`` when the
    viewer and the seller blocked one another."""
    stream = room.stream
    await visibility.ensure_apart(user_id, stream.seller_id)
    audience = stream.settings.audience
    if audience is Audience.EVERYONE or user_id == stream.seller_id:
        return
    follows = audience is Audience.FOLLOWERS and await directory.follows(user_id, stream.seller_id)
    viewer_home = await directory.home_of(user_id) if audience is Audience.NEIGHBORHOOD else None
    admit(audience, stream.seller_id, user_id, follows, room.seller_home, viewer_home)
