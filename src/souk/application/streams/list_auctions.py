"""A stream's auctions, for a viewer who joins while one runs (or a replay)."""

from __future__ import annotations

from uuid import UUID

from souk.application.ports.auction_repository import AuctionRepository
from souk.application.ports.stream_repository import StreamReader
from souk.application.streams.watch_rights import WatchRights
from souk.domain.streams.auction import Auction
from souk.domain.streams.errors import StreamNotFound


class ListStreamAuctions:
    """The stream's auctions in the order they started, to whoever may see the stream
    (``WatchRights``, as its timeline): a viewer who joins mid-auction reads the running one
    here (its current bid, the minimum next bid, its end) and then follows the ``auction:*``
    frames."""

    def __init__(self, streams: StreamReader, auctions: AuctionRepository, rights: WatchRights) -> None:
        self._streams = streams
        self._auctions = auctions
        self._rights = rights

    async def __call__(self, stream_id: UUID, viewer_id: UUID | None) -> list[Auction]:
        stream = await self._streams.get(stream_id)
        if stream is None:
            raise StreamNotFound()
        await self._rights.check(stream, viewer_id)
        return await self._auctions.of_stream(stream.id)
