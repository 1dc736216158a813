from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.giveaway_repository import GiveawayRepository
from souk.application.ports.stream_repository import StreamReader
from souk.application.streams.watch_rights import WatchRights
from souk.domain.streams.errors import GiveawayNotFound, StreamNotFound
from souk.domain.streams.giveaway import Giveaway


@dataclass(frozen=True, slots=True)
class GiveawayView:
    giveaway: Giveaway
    entrant_ids: list[UUID]  # sorted; only once it has ended (with the seed: the draw can be re-run)


class GetGiveaway:
    """A stream's giveaway, to whoever may see the stream (``WatchRights``). Running: its
    commitment and end; ended: the winner, the revealed seed and the entrants, everything
    needed to re-check the draw."""

    def __init__(self, streams: StreamReader, giveaways: GiveawayRepository, rights: WatchRights) -> None:
        self._streams = streams
        self._giveaways = giveaways
        self._rights = rights

    async def __call__(self, stream_id: UUID, giveaway_id: UUID, viewer_id: UUID | None) -> GiveawayView:
        stream = await self._streams.get(stream_id)
        if stream is None:
            raise StreamNotFound()
        await self._rights.check(stream, viewer_id)
        giveaway = await self._giveaways.get(giveaway_id)
        if giveaway is None or giveaway.stream_id != stream.id:
            raise GiveawayNotFound()
        entrants = await self._giveaways.entrant_ids(giveaway.id) if giveaway.ended else []
        return GiveawayView(giveaway, entrants)
