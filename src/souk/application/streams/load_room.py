from __future__ import annotations

from uuid import UUID

from souk.application.ports.audience_directory import AudienceDirectory
from souk.application.ports.chat_moderation_repository import ChatModerationReader
from souk.application.ports.stream_repository import StreamReader
from souk.application.shared.clock import Clock
from souk.application.streams.presenter import StreamPresenter
from souk.application.streams.room_snapshots import RoomSnapshot
from souk.domain.streams.errors import StreamNotFound
from souk.domain.streams.settings import Audience


class LoadRoom:
    """What a live room shows every joiner, read once for the room's snapshot."""

    def __init__(
        self,
        streams: StreamReader,
        presenter: StreamPresenter,
        directory: AudienceDirectory,
        moderation: ChatModerationReader,
        clock: Clock,
    ) -> None:
        self._streams = streams
        self._presenter = presenter
        self._directory = directory
        self._moderation = moderation
        self._clock = clock

    async def __call__(self, stream_id: UUID) -> RoomSnapshot:
        stream = await self._streams.get(stream_id)
        if stream is None:
            raise StreamNotFound()
        products = await self._presenter.products(stream, await self._streams.products(stream.id))
        view = await self._presenter.stream(stream, admitted=True)
        neighbourhood = stream.settings.audience is Audience.NEIGHBORHOOD
        seller_home = await self._directory.home_of(stream.seller_id) if neighbourhood else None
        moderation = await self._moderation.load(stream.id, stream.seller_id, self._clock.now())
        return RoomSnapshot(stream, view, products, seller_home, moderation)
