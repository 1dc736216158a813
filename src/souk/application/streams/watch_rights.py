"""Who may read what a stream showed (its timeline, its giveaways): what its audience
rule admits, as the live room does; a 404 across a block, as the stream itself."""

from __future__ import annotations

from uuid import UUID

from souk.application.ports.audience_directory import AudienceDirectory
from souk.application.shared.visibility import Visibility
from souk.domain.streams.audience import admit
from souk.domain.streams.errors import NotInAudience, StreamNotFound
from souk.domain.streams.settings import Audience
from souk.domain.streams.stream import Stream


class WatchRights:
    def __init__(self, directory: AudienceDirectory, visibility: Visibility) -> None:
        self._directory = directory
        self._visibility = visibility

    async def check(self, stream: Stream, viewer_id: UUID | None) -> None:
        if viewer_id == stream.seller_id:
            return
        if stream.seller_id in await self._visibility.hidden_from(viewer_id):
            raise StreamNotFound()
        audience = stream.settings.audience
        if audience is Audience.EVERYONE:
            return
        if viewer_id is None:
            raise NotInAudience("Sign in: this stream is for a restricted audience.")
        follows = audience is Audience.FOLLOWERS and await self._directory.follows(viewer_id, stream.seller_id)
        near = audience is Audience.NEIGHBORHOOD
        seller_home = await self._directory.home_of(stream.seller_id) if near else None
        viewer_home = await self._directory.home_of(viewer_id) if near else None
        admit(audience, stream.seller_id, viewer_id, follows, seller_home, viewer_home)
