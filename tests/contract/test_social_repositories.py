"""The social repositories on every persistence technology: the in-memory twins keep the
SQL rules (one notification per event/recipient/type, likes counted once, token limits)."""

from __future__ import annotations

import math
import random
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from souk.application.catalog.follow_user import FollowUser
from souk.application.events import EventRecorder
from souk.application.ports.comment_repository import CommentRepository
from souk.application.ports.event_feed import EventFeed
from souk.application.ports.like_repository import LikeRepository
from souk.application.ports.notification_repository import NotificationRepository, RecipientRange, key_of
from souk.application.ports.push_token_repository import PushTokenRepository
from souk.application.ports.recipient_ranges import RecipientRanges
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.ids import new_id
from souk.domain.accounts.events import UserRegistered
from souk.domain.notifications.notification import NotificationDraft
from souk.domain.notifications.push import Platform, PushToken
from souk.domain.shared.geo import EARTH_RADIUS_KM, GeoPoint
from souk.domain.shared.notifications import NotificationType
from souk.domain.shared.public_point import PublicPoints
from souk.domain.social.comment import Comment
from souk.domain.social.target import TargetKind, TargetRef
from souk.domain.streams.announcement import Recipients
from tests.social_support import Social, social_world
from tests.support import unique

BACKENDS = ["memory", "sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])]


@pytest.fixture(params=BACKENDS)
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Social]:
    settings = None if request.param == "memory" else request.getfixturevalue(f"{request.param}_settings")
    built = social_world(request.param, settings, tmp_path)
    yield built
    await built.container.close()


async def test_notifications_once_per_event_recipient_and_type(world: Social) -> None:
    alice, bob = await world.user(), await world.user()
    event, now = new_id(), world.clock.now()
    drafts = [
        NotificationDraft(alice, NotificationType.NEW_FOLLOWER, {"follower_id": str(bob)}),
        NotificationDraft(bob, NotificationType.NEW_FOLLOWER, {}),
    ]
    async with world.container() as r:
        repo = await r.get(NotificationRepository)
        created = await repo.add(event, drafts, now)
        assert sorted(n.user_id for n in created) == sorted([alice, bob])
        again = await repo.add(event, [*drafts, NotificationDraft(alice, NotificationType.NEW_COMMENT, {})], now)
        assert [(n.user_id, n.type) for n in again] == [(alice, "new_comment")]
        await (await r.get(UnitOfWork)).commit()
    async with world.container() as r:
        repo = await r.get(NotificationRepository)
        assert await repo.add(event, drafts, now) == []
        later = world.clock.now() + timedelta(seconds=1)
        await repo.add(new_id(), [NotificationDraft(alice, NotificationType.OFFER_RECEIVED, {"n": 1})], later)
        assert await repo.unread_count(alice) == 3
        page = await repo.page(alice, False, None, 2)
        assert page[0].type == "offer_received"  # newest first
        rest = await repo.page(alice, False, key_of(page[-1]), 10)
        assert len(page) + len(rest) == 3
        assert {n.id for n in page}.isdisjoint({n.id for n in rest})
        read = await repo.mark_read(alice, page[0].id, later)
        assert read is not None
        assert read.read_at == later
        assert await repo.mark_read(bob, page[0].id, later) is None  # not bob's
        again_read = await repo.mark_read(alice, page[0].id, later + timedelta(hours=1))
        assert again_read is not None
        assert again_read.read_at == later  # the first read stands
        assert [n.id for n in await repo.page(alice, True, None, 10)] == [n.id for n in [*page[1:], *rest]]
        assert await repo.mark_all_read(alice, later) == 2
        assert await repo.unread_count(alice) == 0
        assert await repo.unread_count(bob) == 1
        await (await r.get(UnitOfWork)).commit()


async def test_notifications_of_several_events_in_one_call(world: Social) -> None:
    alice, bob = sorted([await world.user(), await world.user()])
    first, second, now = new_id(), new_id(), world.clock.now()
    async with world.container() as r:
        tokens = await r.get(PushTokenRepository)
        for user in (alice, bob):
            await tokens.register(PushToken(user, unique("tok"), Platform.IOS, now), 25, now - timedelta(days=60))
        repo = await r.get(NotificationRepository)
        await repo.add(first, [NotificationDraft(bob, NotificationType.NEW_FOLLOWER, {})], now)
        created = await repo.add_many(
            [
                (second, [NotificationDraft(bob, NotificationType.NEW_COMMENT, {"n": 2})]),
                (first, [NotificationDraft(bob, NotificationType.NEW_FOLLOWER, {}),  # exists: left out
                         NotificationDraft(alice, NotificationType.NEW_FOLLOWER, {"n": 1})]),
            ],
            now,
        )  # fmt: skip
        assert [(n.source_event_id, n.user_id, n.type, n.data) for n in created] == [
            (second, bob, "new_comment", {"n": 2}),
            (first, alice, "new_follower", {"n": 1}),
        ]
        assert await repo.add_many([], now) == []
        unpushed = await repo.unpushed_of([second, first, new_id()])
        assert [(n.source_event_id, n.user_id) for n in unpushed] == [(second, bob), (first, alice), (first, bob)]
        await repo.mark_pushed([unpushed[1].id], now)
        assert [(n.source_event_id, n.user_id) for n in await repo.unpushed_of([first])] == [(first, bob)]
        assert await repo.unpushed_of([]) == []
        await (await r.get(UnitOfWork)).commit()


async def test_follower_fan_out_ranges_and_unpushed(world: Social) -> None:
    seller = await world.user()
    fans = sorted([await world.user() for _ in range(7)])
    for fan in fans:
        await world.run(FollowUser, fan, seller)
    await world.switch_off(fans[3], "followed_seller_live")
    ranges = await world.container.get(RecipientRanges)
    followers = Recipients(seller, True)
    cuts = await ranges.boundaries(followers, 3)
    assert cuts == [fans[3], fans[6]]
    event, kind = new_id(), NotificationType.FOLLOWED_SELLER_LIVE
    whole = RecipientRange(followers, kind)
    first_range = RecipientRange(followers, kind, None, cuts[0])
    async with world.container() as r:
        repo = await r.get(NotificationRepository)
        assert await repo.add_for_audience(event, first_range, {"t": 1}, world.clock.now()) == 3
        first = await repo.undelivered(event, first_range)
        assert [u.user_id for u in first] == fans[:3]
        stored = await repo.get(first[0].id)
        assert stored is not None
        assert (stored.user_id, stored.type, stored.data, stored.source_event_id, stored.created_at) == (
            fans[0],
            kind.value,
            {"t": 1},
            event,
            first[0].created_at,
        )
        middle = RecipientRange(followers, kind, cuts[0], cuts[1])
        assert await repo.add_for_audience(event, middle, {}, world.clock.now()) == 2
        assert [u.user_id for u in await repo.undelivered(event, middle)] == fans[4:6]  # fans[3] switched it off
        assert await repo.add_for_audience(event, first_range, {}, world.clock.now()) == 0  # a repeat
        rest = RecipientRange(followers, kind, cuts[1], None)
        assert await repo.add_for_audience(event, rest, {}, world.clock.now()) == 1
        assert await repo.add_for_audience(event, rest, {}, world.clock.now()) == 0
        assert [u.user_id for u in await repo.undelivered(event, whole)] == fans[:3] + fans[4:]
        other = new_id()
        assert await repo.add_for_audience(other, whole, {}, world.clock.now()) == 6
        assert await repo.add_for_audience(other, whole, {}, world.clock.now()) == 0
        await (await r.get(UnitOfWork)).commit()
    async with world.container() as r:
        tokens = await r.get(PushTokenRepository)
        await tokens.register(
            PushToken(fans[1], unique("tok"), Platform.IOS, world.clock.now()),
            25,
            world.clock.now() - timedelta(days=60),
        )
        await tokens.register(
            PushToken(fans[5], unique("tok"), Platform.IOS, world.clock.now()),
            25,
            world.clock.now() - timedelta(days=60),
        )
        repo = await r.get(NotificationRepository)
        assert [n.user_id for n in await repo.unpushed(event)] == [fans[1], fans[5]]
        in_first = await repo.unpushed(event, RecipientRange(followers, kind, None, cuts[0]))
        other_kind = RecipientRange(followers, NotificationType.NEARBY_SELLER_LIVE)
        assert await repo.unpushed(event, other_kind) == []
        assert [n.user_id for n in in_first] == [fans[1]]
        await repo.mark_pushed([n.id for n in in_first], world.clock.now())
        assert [n.user_id for n in await repo.unpushed(event)] == [fans[5]]
        assert [u.user_id for u in await repo.undelivered(event, first_range)] == [fans[0], fans[2]]
        await (await r.get(UnitOfWork)).commit()


async def test_neighbour_ranges_keep_the_domain_rule(world: Social) -> None:
    """Whoever the adapter finds is whom ``Recipients.include`` admits: public points of homes
    within 10 km (great circle) of the seller's, not the seller, followers in or out as asked,
    each batch its own range."""
    rng = random.SystemRandom()
    here = GeoPoint(rng.uniform(-60.0, 60.0), rng.uniform(-170.0, 170.0))  # no other test's users
    seller = await world.user()
    await world.move(seller, here)
    placed: dict[UUID, GeoPoint | None] = {seller: here}
    for km, bearing in [(0.0, 0), (2.5, 90), (9.9, 180), (9.99, 270), (10.05, 0), (12.0, 45), (300.0, 0)]:
        user = await world.user()
        placed[user] = destination(here, km, bearing)
        await world.move(user, placed[user])
    placed[await world.user()] = None  # no home
    fans = set(list(placed)[2:4]) | {list(placed)[5]}
    for fan in fans:
        await world.run(FollowUser, fan, seller)
    ranges = await world.container.get(RecipientRanges)
    places = await world.container.get(PublicPoints)
    public = {u: places.of(u, home) if home else None for u, home in placed.items()}
    kind = NotificationType.NEARBY_SELLER_LIVE
    for follows in (None, False, True):
        recipients = Recipients(seller, follows, public[seller])  # the seller's public home, as home_of gives
        expected = sorted(u for u, home in public.items() if recipients.include(u, u in fans, home))
        assert len(expected) >= 1
        cuts = await ranges.boundaries(recipients, 2)
        assert cuts == expected[2::2]
        event, found = new_id(), []
        async with world.container() as r:
            repo = await r.get(NotificationRepository)
            for start, end in zip([None, *cuts], [*cuts, None], strict=True):
                batch = RecipientRange(recipients, kind, start, end)
                written = await repo.add_for_audience(event, batch, {}, world.clock.now())
                in_batch = [u.user_id for u in await repo.undelivered(event, batch)]
                assert written == len(in_batch)
                found.extend(in_batch)
            await (await r.get(UnitOfWork)).commit()
        assert sorted(found) == expected
    near_all = sorted(u for u, h in placed.items() if u != seller and h and here.distance_km(h) <= 10.0)
    assert len(near_all) == 4  # 0, 2.5, 9.9 and 9.99 km; not 10.05 km nor the homeless


async def test_likes_count_once_per_user(world: Social) -> None:
    seller, fan = await world.user(), await world.user()
    product = TargetRef(TargetKind.PRODUCT, await world.product(seller))
    stream = TargetRef(TargetKind.STREAM, new_id())
    async with world.container() as r:
        likes = await r.get(LikeRepository)
        for target in (product, stream):
            assert await likes.like(fan, target, world.clock.now())
            assert not await likes.like(fan, target, world.clock.now())
            assert await likes.like(seller, target, world.clock.now())
            nobody = new_id()
            assert await likes.counts(target.kind, [target.id, nobody]) == {target.id: 2, nobody: 0}
            assert await likes.unlike(fan, target)
            assert not await likes.unlike(fan, target)
            assert await likes.counts(target.kind, [target.id]) == {target.id: 1}
        await (await r.get(UnitOfWork)).commit()


async def test_comments_pages_replies_and_cascade(world: Social) -> None:
    seller, fan = await world.user(), await world.user()
    target = TargetRef(TargetKind.PRODUCT, await world.product(seller))
    async with world.container() as r:
        comments = await r.get(CommentRepository)
        tops = []
        for n in range(3):
            world.clock.advance(timedelta(seconds=1))
            top = Comment.write(new_id(), target, fan, f"c{n}", None, world.clock.now())
            await comments.add(top)
            tops.append(top)
        replies = []
        for n in range(2):
            world.clock.advance(timedelta(seconds=1))
            reply = Comment.write(new_id(), target, seller, f"r{n}", tops[0], world.clock.now())
            await comments.add(reply)
            replies.append(reply)
        page = await comments.page(target, None, None, 2)
        assert [e.comment.content for e in page] == ["c2", "c1"]
        assert page[0].author.id == fan
        rest = await comments.page(target, None, page[-1].key, 10)
        assert [(e.comment.content, e.comment.replies_count) for e in rest] == [("c0", 2)]
        thread = await comments.page(target, tops[0].id, None, 10)
        assert [e.comment.content for e in thread] == ["r0", "r1"]
        assert [e.comment.content for e in await comments.page(target, tops[0].id, thread[0].key, 10)] == ["r1"]
        await comments.delete(replies[0])
        parent = await comments.get(tops[0].id)
        assert parent is not None
        assert parent.replies_count == 1
        await comments.delete(tops[0])
        assert await comments.get(replies[1].id) is None
        assert [e.comment.content for e in await comments.page(target, None, None, 10)] == ["c2", "c1"]
        await (await r.get(UnitOfWork)).commit()


async def test_push_tokens_keep_25_drop_stale_and_move_between_users(world: Social) -> None:
    alice, bob = await world.user(), await world.user()
    start = world.clock.now()
    async with world.container() as r:
        tokens = await r.get(PushTokenRepository)
        old = PushToken(alice, unique("old"), Platform.IOS, start - timedelta(days=61))
        await tokens.register(old, 25, start - timedelta(days=90))
        names = []
        for n in range(30):
            name = unique(f"t{n}-")
            names.append(name)
            at = start + timedelta(seconds=n)
            await tokens.register(PushToken(alice, name, Platform.ANDROID, at), 25, at - timedelta(days=60))
        held = {t.token for t in await tokens.for_users([alice])}
        assert held == set(names[5:])  # the stale one and the five least recently seen went
        await tokens.register(PushToken(bob, names[-1], Platform.ANDROID, start + timedelta(minutes=1)), 25, start)
        assert names[-1] not in {t.token for t in await tokens.for_users([alice])}
        assert [t.token for t in await tokens.for_users([bob])] == [names[-1]]
        assert not await tokens.remove(alice, names[-1])  # bob's now
        assert await tokens.remove(bob, names[-1])
        await tokens.forget(names[5:10])
        assert len(await tokens.for_users([alice, bob])) == 19
        await (await r.get(UnitOfWork)).commit()


async def test_event_feed_leases_and_marks(world: Social) -> None:
    feed = await world.container.get(EventFeed)
    await feed.consumed([e.id for e in await feed.claim(world.clock.now(), 10_000)], world.clock.now())
    events = [UserRegistered(uuid4()) for _ in range(3)]
    async with world.container() as r:
        recorder = await r.get(EventRecorder)
        for event in events:
            await recorder.record(event)
        await (await r.get(UnitOfWork)).commit()
    first = [e for e in await feed.claim(world.clock.now(), 2) if e.event in events]
    assert [e.event for e in first] == events[:2]
    second = [e for e in await feed.claim(world.clock.now(), 10) if e.event in events]
    assert [e.event for e in second] == events[2:]  # the first two are leased
    await feed.consumed([first[0].id], world.clock.now())
    world.clock.advance(timedelta(minutes=1))  # the leases ran out: unconsumed ones come back
    again = [e for e in await feed.claim(world.clock.now(), 10) if e.event in events]
    assert [e.event for e in again] == events[1:]
    fetched = await feed.get(first[0].id)  # consumed or not, a job can read its event back
    assert fetched is not None
    assert fetched.event == events[0]
    assert await feed.get(uuid4()) is None
    assert isinstance(again[0].id, UUID)


def destination(start: GeoPoint, km: float, bearing_deg: float) -> GeoPoint:
    """The point ``km`` along the great circle from ``start`` at ``bearing_deg``."""
    d, b = km / EARTH_RADIUS_KM, math.radians(bearing_deg)
    lat1, lng1 = math.radians(start.lat), math.radians(start.lng)
    lat2 = math.asin(math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(b))
    lng2 = lng1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(lat1), math.cos(d) - math.sin(lat1) * math.sin(lat2))
    return GeoPoint(math.degrees(lat2), (math.degrees(lng2) + 540.0) % 360.0 - 180.0)
