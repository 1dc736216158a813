"""A stream's timeline as the replay player reads it (``GET /streams/{id}/timeline``)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from souk.application.streams.get_timeline import TimelineView
from souk.domain.streams.timeline import TimelineEntry
from souk.entrypoints.wire.catalog import ProductOut

TimelineKindOut = Literal[
    "tagged",
    "featured",
    "auction_started",
    "auction_ended",
    "flash_sale_started",
    "flash_sale_ended",
    "giveaway_started",
    "giveaway_ended",
]


class TimelineEntryOut(msgspec.Struct):
    """One moment of the stream: `at_s` seconds from its start (0 for what happened before it went live);
    `data` a few flat fields per kind — `tagged`: `x`, `y`, `timestamp_s`; `featured`: `featured`;
    `giveaway_started`: `giveaway_id`, `seed_commitment`, `ends_at`, `followers_only`; `giveaway_ended`:
    `giveaway_id`, `winner_id`, `seed`, `entrants`; auctions and flash sales: their id, prices and result."""

    at: datetime
    at_s: float
    kind: TimelineKindOut
    product_id: UUID | None
    # `number` takes whole numbers too: `integer` beside it would make a whole value match two of
    # the schema's `oneOf` branches, which JSON Schema refuses
    data: dict[str, str | float | bool | None]

    @classmethod
    def of(cls, entry: TimelineEntry, started_at: datetime | None) -> TimelineEntryOut:
        return cls(entry.at, entry.at_s(started_at), entry.kind.value, entry.product_id, dict(entry.data))


class TimelineOut(msgspec.Struct):
    """The stream's timeline, oldest first, and each product it names as it is now (price, status: buy-now
    works on what is still `available`)."""

    stream_id: UUID
    status: Literal["draft", "live", "ended", "cancelled"]
    started_at: datetime | None
    ended_at: datetime | None
    entries: list[TimelineEntryOut]
    products: list[ProductOut]

    @classmethod
    def of(cls, view: TimelineView) -> TimelineOut:
        s = view.stream
        return cls(
            stream_id=s.id,
            status=s.status.value,
            started_at=s.started_at,
            ended_at=s.ended_at,
            entries=[TimelineEntryOut.of(e, s.started_at) for e in view.entries],
            products=[ProductOut.of(listing) for listing in view.products],
        )
