"""The giveaway store behaves alike in memory, on SQLite and on PostgreSQL: a user enters
a giveaway once (the second entry answers False), entrants come back sorted, a stream has
its running giveaway until the result is saved, and the sweep finds the giveaways past
their end that are not closed, soonest first; an entry rolled back is not kept."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from dishka import AsyncContainer

from souk.application.ports.giveaway_repository import GiveawayRepository
from souk.application.ports.stream_timeline import StreamTimeline
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.streams.close_giveaway import CloseGiveaway
from souk.domain.streams.giveaway import Giveaway
from souk.domain.streams.timeline import TimelineKind

# Tomorrow: the database is shared by the session's tests, and a fixed instant became the
# past during a run (its giveaways then turned up in other tests' sweeps).
T0 = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)


def started(stream_id: UUID, at: datetime, duration_s: int = 30) -> Giveaway:
    return Giveaway.start(uuid4(), stream_id, uuid4(), uuid4(), duration_s, True, at)


async def test_entries_once_each_the_result_and_the_sweep(container: AsyncContainer) -> None:
    stream, other = uuid4(), uuid4()
    first, later, elsewhere = started(stream, T0), started(stream, T0 + timedelta(seconds=5)), started(other, T0, 60)
    users = sorted(uuid4() for _ in range(3))
    async with container() as request:
        giveaways, uow = await request.get(GiveawayRepository), await request.get(UnitOfWork)
        for g in (first, later, elsewhere):
            await giveaways.add(g)
        assert [await giveaways.enter(first.id, u, T0) for u in reversed(users)] == [True, True, True]
        assert await giveaways.enter(first.id, users[0], T0) is False
        assert await giveaways.enter(later.id, users[0], T0) is True  # another giveaway
        await uow.commit()
    async with container() as request:
        giveaways, uow = await request.get(GiveawayRepository), await request.get(UnitOfWork)
        assert await giveaways.enter(first.id, users[1], T0) is False  # still once, in a later transaction
        await giveaways.enter(first.id, uuid4(), T0)
        await uow.rollback()
    async with container() as request:
        giveaways, uow = await request.get(GiveawayRepository), await request.get(UnitOfWork)
        assert await giveaways.entrant_ids(first.id) == users
        assert await giveaways.entrant_ids(uuid4()) == []
        read = await giveaways.get_for_update(first.id)
        assert read is not None
        assert (read.seed, read.seed_commitment, read.ends_at, read.followers_only, read.ended_at, read.entrants) == (
            first.seed, first.seed_commitment, first.ends_at, True, None, 0,
        )  # fmt: skip
        running = await giveaways.running(stream)
        assert running is not None
        assert running.id == first.id
        assert await giveaways.due(T0 + timedelta(seconds=29), 10) == []
        assert await giveaways.due(T0 + timedelta(seconds=60), 10) == [first.id, later.id, elsewhere.id]
        assert await giveaways.due(T0 + timedelta(seconds=60), 1) == [first.id]
        read.close(users, first.ends_at)
        await giveaways.save(read)
        await uow.commit()
    async with container() as request:
        giveaways = await request.get(GiveawayRepository)
        closed = await giveaways.get_for_entry(first.id)
        assert closed is not None
        assert (closed.ended_at, closed.winner_id, closed.entrants) == (first.ends_at, read.winner_id, 3)
        assert closed.winner_id in users
        next_running = await giveaways.running(stream)
        assert next_running is not None
        assert next_running.id == later.id
        assert await giveaways.due(T0 + timedelta(seconds=60), 10) == [later.id, elsewhere.id]
        assert await giveaways.get(uuid4()) is None


async def test_racing_closes_end_a_giveaway_once(container: AsyncContainer) -> None:
    """Its job, and the sweeps of several processes, all at once: one close wins; the
    others find it ended (the row lock), so one end goes on the timeline."""
    stream = uuid4()
    due = started(stream, datetime.now(UTC) - timedelta(minutes=5))
    async with container() as request:
        await (await request.get(GiveawayRepository)).add(due)
        await (await request.get(UnitOfWork)).commit()

    async def close() -> bool:
        async with container() as request:
            return await (await request.get(CloseGiveaway))(due.id)

    assert sorted(await asyncio.gather(*(close() for _ in range(6)))) == [False] * 5 + [True]
    async with container() as request:
        closed = await (await request.get(GiveawayRepository)).get(due.id)
        entries = await (await request.get(StreamTimeline)).entries(stream)
        left = await (await request.get(GiveawayRepository)).due(datetime.now(UTC), 1000)
        assert due.id not in left  # nothing left for the sweep (other tests' giveaways may be)
    assert closed is not None
    assert closed.ended_at is not None
    assert [(e.kind, e.data["giveaway_id"], e.data["winner_id"]) for e in entries] == [
        (TimelineKind.GIVEAWAY_ENDED, str(due.id), None)
    ]
