"""The stream timeline behaves alike in memory, on SQLite and on PostgreSQL: entries come
back per stream, oldest first, equal times in the order they were appended, with their
kind, product and flat payload intact; an entry appended in a unit of work that rolls
back is not kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from dishka import AsyncContainer

from souk.application.ports.stream_timeline import StreamTimeline
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.streams.timeline import TimelineEntry, TimelineKind

T0 = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


async def test_entries_come_back_in_order_with_their_payload(container: AsyncContainer) -> None:
    stream, other, product = uuid4(), uuid4(), uuid4()
    later = T0 + timedelta(seconds=42)
    written = [
        TimelineEntry(stream, later, TimelineKind.GIVEAWAY_ENDED, product, {"winner_id": None, "entrants": 0}),
        TimelineEntry(stream, T0, TimelineKind.TAGGED, product, {"x": "0.5", "featured": False}),
        TimelineEntry(stream, T0, TimelineKind.FEATURED, product, {"featured": True}),
        TimelineEntry(other, T0, TimelineKind.AUCTION_STARTED, None),
    ]
    async with container() as request:
        timeline, uow = await request.get(StreamTimeline), await request.get(UnitOfWork)
        for entry in written:
            await timeline.append(entry)
        await uow.commit()
    async with container() as request:
        timeline = await request.get(StreamTimeline)
        assert await timeline.entries(stream) == [written[1], written[2], written[0]]
        assert await timeline.entries(other) == [written[3]]
        assert await timeline.entries(uuid4()) == []


async def test_an_entry_rolled_back_with_its_change_is_not_kept(container: AsyncContainer) -> None:
    stream = uuid4()
    async with container() as request:
        timeline, uow = await request.get(StreamTimeline), await request.get(UnitOfWork)
        await timeline.append(TimelineEntry(stream, T0, TimelineKind.TAGGED, uuid4()))
        await uow.rollback()
    async with container() as request:
        assert await (await request.get(StreamTimeline)).entries(stream) == []


def test_the_payload_is_flat_and_at_s_counts_from_the_start() -> None:
    stream = uuid4()
    with pytest.raises(TypeError):
        TimelineEntry(stream, T0, TimelineKind.TAGGED, None, {"nested": {"a": 1}})  # type: ignore[dict-item]
    entry = TimelineEntry(stream, T0 + timedelta(seconds=90, milliseconds=250), TimelineKind.FEATURED)
    assert entry.at_s(T0) == 90.25
    assert entry.at_s(T0 + timedelta(hours=1)) == 0.0  # shown before the stream went live
    assert entry.at_s(None) == 0.0
