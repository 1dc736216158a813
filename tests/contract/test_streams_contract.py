"""The streams adapters give the same answers in memory, on SQLite and on PostgreSQL; the
live audience and counters the same in process and on Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from dishka import AsyncContainer
from redis.asyncio import Redis

from souk.adapters.inprocess.live_audience import InProcessLiveAudience
from souk.adapters.inprocess.stream_counters import InProcessStreamCounters
from souk.adapters.redis.live_audience import RedisLiveAudience
from souk.adapters.redis.stream_counters import RedisStreamCounters
from souk.application.accounts.create_user import CreateUser
from souk.application.accounts.user_factory import NewUser
from souk.application.catalog.create_product import CreateProduct
from souk.application.ports.audience_directory import AudienceDirectory
from souk.application.ports.engagement_repository import FollowRepository
from souk.application.ports.live_audience import LiveAudience
from souk.application.ports.stream_commerce import ProductDeals, StreamCommerce
from souk.application.ports.stream_counters import StreamCounters
from souk.application.ports.stream_repository import StreamReader, StreamRepository
from souk.application.ports.stream_viewer_log import StreamViewerLog, VisitEntry
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.streams.flush_viewer_log import FlushViewerLog
from souk.application.streams.visit_buffer import VisitBuffer
from souk.domain.catalog.default_categories import category_id
from souk.domain.catalog.product import Condition, FeedType, ProductDraft
from souk.domain.shared.money import Money
from souk.domain.streams.errors import AlreadyLive
from souk.domain.streams.settings import Audience, StreamSettings
from souk.domain.streams.stream import IngestState, Stream, StreamStatus, StreamTotals
from souk.domain.streams.stream_product import StreamProduct, Tag
from tests.support import unique

NOW = datetime.now(UTC).replace(microsecond=0)


async def run(container: AsyncContainer, kind: type[Any], *args: Any) -> Any:
    async with container() as request:
        return await (await request.get(kind))(*args)


async def seller(container: AsyncContainer) -> UUID:
    data = NewUser(unique("st"), "Seller", "plum kettle orbit saffron", email=f"{unique()}@ex.com")
    return (await run(container, CreateUser, data)).id  # type: ignore[no-any-return]


async def product(container: AsyncContainer, owner: UUID) -> UUID:
    draft = ProductDraft("Lamp", "", Money(1000, "EUR"), category_id("bicycles"), Condition.GOOD, FeedType.DISCOVER)
    return (await run(container, CreateProduct, owner, draft)).product.id  # type: ignore[no-any-return]


async def test_streams_round_trip_and_one_live_per_seller(container: AsyncContainer) -> None:
    owner = await seller(container)
    lamp, chair = await product(container, owner), await product(container, owner)
    first = Stream.draft(uuid.uuid4(), owner, "First", "d", NOW + timedelta(hours=1), NOW)
    second = Stream.draft(uuid.uuid4(), owner, "Second", None, None, NOW + timedelta(seconds=1))
    async with container() as request:
        streams, uow = await request.get(StreamRepository), await request.get(UnitOfWork)
        await streams.add(first)
        await streams.add(second)
        await streams.add_products([StreamProduct(first.id, lamp, 0, NOW), StreamProduct(first.id, chair, 1, NOW)])
        await uow.commit()
    async with container() as request:
        streams, uow = await request.get(StreamRepository), await request.get(UnitOfWork)
        stream = await streams.get_for_update(first.id)
        assert stream == first
        stream.change_settings(StreamSettings(Audience.FOLLOWERS, 30, record_stream=True), owner, NOW)
        stream.go_live(owner, "digest-1", NOW)
        await streams.save(stream)
        items = await streams.products(first.id)
        items[1].tag, items[1].featured = Tag(0.1, 0.9, 3.5), True
        await streams.save_products([items[1]])
        await uow.commit()
    async with container() as request:
        streams, uow = await request.get(StreamRepository), await request.get(UnitOfWork)
        rival = await streams.get_for_update(second.id)
        assert rival is not None
        rival.go_live(owner, "digest-2", NOW)
        with pytest.raises(AlreadyLive):
            await streams.save(rival)
        await uow.rollback()
    async with container() as request:
        reader = await request.get(StreamReader)
        live = await reader.by_key("digest-1")
        assert live is not None
        assert (live.id, live.status, live.settings.audience, live.settings.estimated_duration_min) == (
            first.id,
            StreamStatus.LIVE,
            Audience.FOLLOWERS,
            30,
        )
        assert [(p.product_id, p.tag, p.featured) for p in await reader.products(first.id)] == [
            (lamp, None, False),
            (chair, Tag(0.1, 0.9, 3.5), True),
        ]
        assert [s.id for s in await reader.live(10) if s.seller_id == owner] == [first.id]
        drafts = await reader.listed(StreamStatus.DRAFT, owner, None, 10)
        assert [s.id for s, _ in drafts] == [second.id]
        assert (await reader.get(second.id)) is not None
        assert await reader.by_key("nope") is None


async def test_totals_listing_pages_and_silent_streams(container: AsyncContainer) -> None:
    owner = await seller(container)
    made = [Stream.draft(uuid.uuid4(), owner, f"Show {n}", None, None, NOW + timedelta(seconds=n)) for n in range(3)]
    async with container() as request:
        streams, uow = await request.get(StreamRepository), await request.get(UnitOfWork)
        for s in made:
            await streams.add(s)
        live = made[0]
        live.go_live(owner, unique("k"), NOW)
        live.ingest_started(NOW)
        live.ingest_stopped(NOW + timedelta(seconds=5))
        await streams.save(live)
        await uow.commit()
    async with container() as request:
        streams = await request.get(StreamRepository)
        assert await streams.silent_since(NOW + timedelta(seconds=4), 10) == []
        assert live.id in await streams.silent_since(NOW + timedelta(seconds=65), 10)
    async with container() as request:
        streams, uow = await request.get(StreamRepository), await request.get(UnitOfWork)
        stream = await streams.get_for_update(live.id)
        assert stream is not None
        assert stream.ingest_state is IngestState.INTERRUPTED
        stream.end(owner, NOW + timedelta(minutes=1))
        stream.totals = StreamTotals(7, 3, {str(uuid.UUID(int=1)): 4}, {})
        await streams.save(stream)
        await uow.commit()
    async with container() as request:
        reader = await request.get(StreamReader)
        back = await reader.get(live.id)
        assert back is not None
        assert back.totals == StreamTotals(7, 3, {str(uuid.UUID(int=1)): 4}, {})
        page = await reader.listed(StreamStatus.DRAFT, owner, None, 1)
        rest = await reader.listed(StreamStatus.DRAFT, owner, page[-1][1], 10)
        assert [s.id for s, _ in page + rest] == [made[2].id, made[1].id]


async def test_viewer_log_commerce_and_audience_directory(container: AsyncContainer) -> None:
    owner, fan = await seller(container), await seller(container)
    lamp = await product(container, owner)
    stream = Stream.draft(uuid.uuid4(), owner, "Show", None, None, NOW)
    visit = uuid.uuid4()
    async with container() as request:
        streams, log, uow = (
            await request.get(StreamRepository),
            await request.get(StreamViewerLog),
            await request.get(UnitOfWork),
        )
        await streams.add(stream)
        await log.write(
            [VisitEntry(visit, stream.id, fan, NOW, None), VisitEntry(uuid.uuid4(), stream.id, owner, NOW, None)]
        )
        await log.write([VisitEntry(visit, stream.id, fan, None, NOW + timedelta(seconds=30))])
        await log.write([VisitEntry(visit, stream.id, fan, None, NOW + timedelta(seconds=90))])  # only the first leave
        await (await request.get(FollowRepository)).follow(fan, owner, NOW)
        await uow.commit()
    async with container() as request:
        visits = sorted(await (await request.get(StreamViewerLog)).visits(stream.id), key=lambda v: v.left_at is None)
        assert [(v.user_id, v.left_at) for v in visits] == [(fan, NOW + timedelta(seconds=30)), (owner, None)]
        directory = await request.get(AudienceDirectory)
        assert await directory.follows(fan, owner)
        assert not await directory.follows(owner, fan)
        assert await directory.followed_among(fan, [owner, fan, uuid.uuid4()]) == {owner}
        assert await directory.followed_among(owner, [fan]) == set()
        assert await directory.followed_among(fan, []) == set()
        assert await directory.home_of(fan) is None
        deals = await (await request.get(StreamCommerce)).deals(
            [lamp], NOW - timedelta(hours=1), NOW + timedelta(hours=1)
        )
        assert deals == {lamp: ProductDeals(0, 0)}


async def test_the_viewer_log_is_written_in_idempotent_batches(container: AsyncContainer) -> None:
    """Joins and leaves buffered in process, written by one multi-row statement per batch:
    a visit joined and left within one batch is one row with both times, a leave in a later
    batch closes it, a batch written twice (a retry) changes nothing, and a batch larger
    than one INSERT's rows is written whole."""
    owner, fan, other = await seller(container), await seller(container), await seller(container)
    stream = Stream.draft(uuid.uuid4(), owner, "Show", None, None, NOW)
    async with container() as request:
        await (await request.get(StreamRepository)).add(stream)
        await (await request.get(UnitOfWork)).commit()
    buffer = VisitBuffer()
    short, long_visit = uuid.uuid4(), uuid.uuid4()
    buffer.joined(short, stream.id, fan, NOW)
    buffer.left(short, stream.id, fan, NOW + timedelta(seconds=5))
    buffer.joined(long_visit, stream.id, other, NOW)
    crowd = [uuid.uuid4() for _ in range(1500)]
    for n, visit in enumerate(crowd):
        buffer.joined(visit, stream.id, owner if n % 2 else other, NOW + timedelta(seconds=1))
    first = list(buffer._pending.values())  # what a retry would write again
    assert await run(container, FlushViewerLog) == 0  # the container's own buffer: empty
    async with container() as request:
        assert await buffer.flush(await request.get(StreamViewerLog), await request.get(UnitOfWork)) == 1502
    assert len(buffer) == 0
    buffer.left(long_visit, stream.id, other, NOW + timedelta(seconds=60))
    async with container() as request:
        log, uow = await request.get(StreamViewerLog), await request.get(UnitOfWork)
        assert await buffer.flush(log, uow) == 1
        await log.write(first)  # the first batch again, as a retry after a lost commit answer
        await uow.commit()
    async with container() as request:
        visits = await (await request.get(StreamViewerLog)).visits(stream.id)
    assert len(visits) == 1502
    closed = sorted((v.user_id, v.joined_at, v.left_at) for v in visits if v.left_at is not None)
    assert closed == sorted([(fan, NOW, NOW + timedelta(seconds=5)), (other, NOW, NOW + timedelta(seconds=60))])


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
async def live_state(request: pytest.FixtureRequest) -> AsyncIterator[tuple[LiveAudience, StreamCounters]]:
    if request.param == "memory":
        yield InProcessLiveAudience(ttl_s=0.3), InProcessStreamCounters()
        return
    client = Redis.from_url(request.getfixturevalue("redis_url"))
    yield RedisLiveAudience(client, ttl_s=0.3), RedisStreamCounters(client)
    await client.aclose()


async def test_the_live_audience_counts_people_and_forgets_silent_members(
    live_state: tuple[LiveAudience, StreamCounters],
) -> None:
    audience, _ = live_state
    stream, other = uuid.uuid4(), uuid.uuid4()
    alice, bob = uuid.uuid4(), uuid.uuid4()
    await audience.enter(stream, f"{alice}|phone")
    await audience.enter(stream, f"{alice}|tablet")  # one person on two devices
    await audience.enter(stream, f"{bob}|phone")
    assert await audience.counts([stream, other]) == {stream: 2, other: 0}
    await audience.leave(stream, f"{alice}|phone")
    assert await audience.counts([stream]) == {stream: 2}
    for _ in range(4):  # only alice's tablet is refreshed by its process
        await asyncio.sleep(0.1)
        await audience.refresh({stream: [f"{alice}|tablet"]})
    assert await audience.counts([stream]) == {stream: 1}


async def test_a_big_room_is_kept_alive_whole(live_state: tuple[LiveAudience, StreamCounters]) -> None:
    """More members than one refresh call of the Redis adapter takes."""
    audience, _ = live_state
    stream = uuid.uuid4()
    room = [f"{uuid.uuid4()}|phone" for _ in range(1_200)]
    await audience.refresh({stream: room})
    for _ in range(4):  # past the 0.3 s lifetime: every member but the last is still kept
        await asyncio.sleep(0.1)
        await audience.refresh({stream: room[:-1]})
    assert await audience.counts([stream]) == {stream: 1_199}


async def test_stream_counters_add_up(live_state: tuple[LiveAudience, StreamCounters]) -> None:
    _, counters = live_state
    stream = uuid.uuid4()
    assert await counters.read(stream) == {}
    await counters.add(stream, "likes")
    await counters.add(stream, "likes", 4)
    await counters.add(stream, "views:x", 2)
    assert await counters.read(stream) == {"likes": 5, "views:x": 2}


async def test_unfinished_answers_for_many_streams_at_once(container: AsyncContainer) -> None:
    owner = await seller(container)
    live = Stream.draft(uuid.uuid4(), owner, "Live", None, None, NOW)
    ended = Stream.draft(uuid.uuid4(), owner, "Ended", None, None, NOW)
    draft = Stream.draft(uuid.uuid4(), owner, "Draft", None, None, NOW)
    async with container() as request:
        streams, uow = await request.get(StreamRepository), await request.get(UnitOfWork)
        for stream in (live, ended, draft):
            await streams.add(stream)
        await uow.commit()
    async with container() as request:
        streams, uow = await request.get(StreamRepository), await request.get(UnitOfWork)
        stream = await streams.get_for_update(ended.id)
        assert stream is not None
        stream.go_live(owner, "digest-ended", NOW)
        stream.end(owner, NOW + timedelta(minutes=1))
        await streams.save(stream)
        await uow.commit()
    missing = uuid.uuid4()
    async with container() as request:
        reader = await request.get(StreamReader)
        assert await reader.unfinished({live.id, ended.id, draft.id, missing}) == {live.id, draft.id}
        assert await reader.unfinished(set()) == set()
