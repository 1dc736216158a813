"""A stream's timeline for a replay player (shoppable replays)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.ports.stream_repository import StreamReader
from souk.application.ports.stream_timeline import StreamTimeline
from souk.application.streams.watch_rights import WatchRights
from souk.domain.streams.errors import StreamNotFound
from souk.domain.streams.stream import Stream
from souk.domain.streams.timeline import TimelineEntry


@dataclass(frozen=True, slots=True)
class TimelineView:
    stream: Stream
    entries: list[TimelineEntry]
    products: list[Listing]  # each product the entries name, as it is now (price, status)


class GetStreamTimeline:
    """Public for streams everyone may watch; a restricted stream's timeline only to whom
    its audience rule admits (``WatchRights``). The products come as they are now, so a
    replay offers buy-now on what is still for sale."""

    def __init__(
        self, streams: StreamReader, timeline: StreamTimeline, catalog: CatalogReader, rights: WatchRights
    ) -> None:
        self._streams = streams
        self._timeline = timeline
        self._catalog = catalog
        self._rights = rights

    async def __call__(self, stream_id: UUID, viewer_id: UUID | None) -> TimelineView:
        stream = await self._streams.get(stream_id)
        if stream is None:
            raise StreamNotFound()
        await self._rights.check(stream, viewer_id)
        entries = await self._timeline.entries(stream.id)
        # first-named first, in one read (a show that tagged 80 products made 80 before)
        products = await self._catalog.listings([e.product_id for e in entries if e.product_id is not None])
        return TimelineView(stream, entries, products)
