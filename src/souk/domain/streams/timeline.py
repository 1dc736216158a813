"""A stream's timeline: what was shown and sold, and when — tags, featured changes,
auctions, flash sales and giveaways — kept after the stream ends so a replay player can
show each product at the moment it was on screen (shoppable replays)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

# A small, flat payload: each kind writes a few JSON-safe scalars (ids as text, money as
# minor units beside its currency) — nothing nested, so every store keeps it alike.
TimelineValue = str | int | bool | None
TimelineData = Mapping[str, TimelineValue]


class TimelineKind(StrEnum):
    TAGGED = "tagged"
    FEATURED = "featured"
    AUCTION_STARTED = "auction_started"
    AUCTION_ENDED = "auction_ended"
    FLASH_SALE_STARTED = "flash_sale_started"
    FLASH_SALE_ENDED = "flash_sale_ended"
    GIVEAWAY_STARTED = "giveaway_started"
    GIVEAWAY_ENDED = "giveaway_ended"


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    stream_id: UUID
    at: datetime
    kind: TimelineKind
    product_id: UUID | None = None
    data: TimelineData = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, value in self.data.items():
            if not isinstance(key, str) or not isinstance(value, str | int | bool | type(None)):
                raise TypeError(f"timeline data holds flat scalars only, not {key!r}: {type(value).__name__}")

    def at_s(self, started_at: datetime | None) -> float:
        """Seconds from the stream's start (entries written before it went live sit at 0)."""
        if started_at is None:
            return 0.0
        return max(0.0, round((self.at - started_at).total_seconds(), 3))
