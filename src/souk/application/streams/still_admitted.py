from __future__ import annotations

from collections.abc import Collection
from functools import partial
from uuid import UUID

from souk.application.ports.audience_directory import AudienceDirectory
from souk.application.ports.room_loader import RoomLoader
from souk.application.shared.visibility import Visibility
from souk.application.streams.room_snapshots import RoomSnapshot, RoomSnapshots
from souk.domain.shared.errors import DomainError
from souk.domain.streams.audience import admit
from souk.domain.streams.errors import NotInAudience
from souk.domain.streams.settings import Audience


class StillAdmitted:
    """Which of the live rooms a viewer is in they may still watch, by the rules of the
    join, now that they unfollowed someone, moved or a block was made
    (``stream.audience_changed``).

    The rooms come from their snapshots (shared with the joins); the viewer's follows of
    the rooms' sellers are one read and their home another, however many rooms."""

    def __init__(
        self, snapshots: RoomSnapshots, loader: RoomLoader, directory: AudienceDirectory, visibility: Visibility
    ) -> None:
        self._visibility = visibility
        self._snapshots = snapshots
        self._loader = loader
        self._directory = directory

    async def __call__(self, user_id: UUID, stream_ids: Collection[UUID]) -> set[UUID]:
        rooms: list[RoomSnapshot] = []
        kept: set[UUID] = set()
        for stream_id in stream_ids:
            try:
                rooms.append(await self._snapshots.get(stream_id, partial(self._loader, stream_id)))
            except DomainError:  # the stream is gone or over: the room's tick closes the visit
                kept.add(stream_id)
        # a block either way takes the viewer out of the other's rooms, whatever their audience
        hidden = await self._visibility.hidden_from(user_id)
        rooms = [r for r in rooms if r.stream.seller_id not in hidden]
        restricted = [r for r in rooms if r.stream.settings.audience is not Audience.EVERYONE]
        followers_only = {r.stream.seller_id for r in restricted if r.stream.settings.audience is Audience.FOLLOWERS}
        followed = await self._directory.followed_among(user_id, followers_only) if followers_only else set()
        near = any(r.stream.settings.audience is Audience.NEIGHBORHOOD for r in restricted)
        home = await self._directory.home_of(user_id) if near else None
        for room in rooms:
            stream = room.stream
            try:
                admit(
                    stream.settings.audience,
                    stream.seller_id,
                    user_id,
                    stream.seller_id in followed,
                    room.seller_home,
                    home,
                )
            except NotInAudience:
                continue
            kept.add(stream.id)
        return kept
