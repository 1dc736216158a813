from __future__ import annotations

from uuid import UUID

from souk.application.ports.audience_directory import AudienceDirectory
from souk.application.ports.room_loader import RoomLoader
from souk.application.shared.visibility import Visibility
from souk.application.streams.join_stream import check_audience
from souk.application.streams.room_snapshots import RoomSnapshots
from souk.domain.safety.errors import Blocked
from souk.domain.shared.errors import DomainError
from souk.domain.streams.errors import NotInAudience


class StillAdmitted:
    """Whether a viewer in a live room may still watch it, by the rules of the join, now
    that they unfollowed someone or moved (``stream.audience_changed``)."""

    def __init__(
        self, snapshots: RoomSnapshots, loader: RoomLoader, directory: AudienceDirectory, visibility: Visibility
    ) -> None:
        self._visibility = visibility
        self._snapshots = snapshots
        self._loader = loader
        self._directory = directory

    async def __call__(self, stream_id: UUID, user_id: UUID) -> bool:
        try:
            room = await self._snapshots.get(stream_id, lambda: self._loader(stream_id))
            await check_audience(self._directory, self._visibility, room, user_id)
        except (NotInAudience, Blocked):
            return False
        except DomainError:  # the stream is gone or over: the room's tick closes the visit
            return True
        return True
