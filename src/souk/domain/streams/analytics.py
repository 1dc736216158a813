"""How a stream did: viewers from join/leave intervals, likes, chat, and per product."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from souk.domain.shared.money import Money
from souk.domain.streams.room_sale import RoomSaleFigures


@dataclass(frozen=True, slots=True)
class ViewerVisit:
    user_id: UUID
    joined_at: datetime
    left_at: datetime | None  # None while still watching (or the socket vanished unseen)


@dataclass(frozen=True, slots=True)
class ProductAnalytics:
    product_id: UUID
    views: int
    clicks: int
    inquiries: int
    purchases: int
    sales: RoomSaleFigures | None = None  # sold from the room (buy-now, cart, auctions, giveaways)


@dataclass(frozen=True, slots=True)
class TipFigures:
    """The stream's captured tips in one currency (minor units)."""

    currency: str
    count: int
    amount: int


@dataclass(frozen=True, slots=True)
class AuctionFigures:
    """One auction of the stream: how many bids, and the final price once won."""

    auction_id: UUID
    product_id: UUID
    status: str
    bids: int
    final_price: Money | None
    outcome: str | None


@dataclass(frozen=True, slots=True)
class StreamAnalytics:
    peak_viewers: int
    unique_viewers: int
    total_likes: int
    chat_messages_count: int
    average_watch_time_s: float
    products: tuple[ProductAnalytics, ...]
    tips: tuple[TipFigures, ...] = ()
    auctions: tuple[AuctionFigures, ...] = ()

    @property
    def tips_count(self) -> int:
        return sum(t.count for t in self.tips)


@dataclass(frozen=True, slots=True)
class ViewerFigures:
    peak: int
    unique: int
    average_watch_time_s: float


def viewer_figures(visits: Iterable[ViewerVisit], window: tuple[datetime, datetime] | None) -> ViewerFigures:
    """Visits are clipped to the live window (joining during the countdown counts from the
    start); a visit without a leave lasts until the window closes. Peak counts people, not
    sockets: a viewer on two devices is one viewer."""
    if window is None:
        return ViewerFigures(0, 0, 0.0)
    start, end = window
    intervals: dict[UUID, list[tuple[datetime, datetime]]] = defaultdict(list)
    for visit in visits:
        joined = max(visit.joined_at, start)
        left = min(visit.left_at or end, end)
        if left >= joined:
            intervals[visit.user_id].append((joined, left))
    watched: dict[UUID, float] = {}
    events: list[tuple[datetime, int]] = []
    for user, spans in intervals.items():
        merged = _merge(spans)
        watched[user] = sum((b - a).total_seconds() for a, b in merged)
        for a, b in merged:
            events.append((a, 1))
            events.append((b, -1))
    events.sort(key=lambda e: (e[0], e[1]))  # leaves before joins at the same instant
    peak = current = 0
    for _, step in events:
        current += step
        peak = max(peak, current)
    unique = len(watched)
    average = sum(watched.values()) / unique if unique else 0.0
    return ViewerFigures(peak, unique, round(average, 1))


def _merge(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged
