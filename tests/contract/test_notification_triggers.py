"""Every trigger notifies the right people exactly once and never the actor, on every
persistence technology; settings switch types off; pushes go only to offline users."""

from __future__ import annotations

import asyncio
import contextlib
import math
import random
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest

from souk.application.catalog.follow_user import FollowUser
from souk.application.events import EventRecorder
from souk.application.negotiation.accept_offer import AcceptOffer
from souk.application.negotiation.counter_offer import CounterOffer
from souk.application.negotiation.decline_offer import DeclineOffer
from souk.application.negotiation.expire_offer import ExpireOffer
from souk.application.negotiation.make_offer import MakeOffer, MakeOfferCommand
from souk.application.negotiation.send_message import SendMessage
from souk.application.negotiation.start_conversation import StartConversation
from souk.application.notifications.deliver_event import DeliverEvent
from souk.application.notifications.drain_event_feed import DrainEventFeed
from souk.application.notifications.live_batch import BATCH_JOB as LIVE_BATCH_JOB
from souk.application.notifications.live_batch import PLAN_JOB as LIVE_FAN_OUT_JOB
from souk.application.notifications.live_batch import LiveBatch, event_id_of
from souk.application.notifications.plan_live_fan_out import PlanLiveFanOut
from souk.application.notifications.push_notification import PUSH_JOB
from souk.application.notifications.register_push_token import RegisterPushToken
from souk.application.payments.confirm_receipt import ConfirmReceipt
from souk.application.payments.pay_with_test_card import PayWithTestCard
from souk.application.payments.refund_sale import RefundSale
from souk.application.ports.event_bus import EventBus
from souk.application.ports.job_queue import JobRequest
from souk.application.ports.notification_repository import NotificationRepository, RecipientRange
from souk.application.ports.outbox import OutboxEntry
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.social.comment_on import CommentOn
from souk.domain.negotiation.conversation import MessageDraft, MessageType
from souk.domain.negotiation.events import MessageSent
from souk.domain.notifications.events import NotificationCreated
from souk.domain.shared.geo import EARTH_RADIUS_KM, GeoPoint
from souk.domain.shared.money import Money
from souk.domain.shared.notifications import NotificationType
from souk.domain.social.target import TargetKind, TargetRef
from souk.domain.streams.announcement import Recipients
from souk.domain.streams.events import StreamWentLive
from souk.domain.streams.settings import Audience
from tests.social_support import Social, delivered_social_world, types_of

BACKENDS = ["memory", "sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])]


@pytest.fixture(params=BACKENDS)
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Social]:
    async with delivered_social_world(request, tmp_path) as built:
        yield built


def eur(amount: int) -> Money:
    return Money(amount, "EUR")


async def test_offer_moves_notify_the_other_side_once(world: Social) -> None:
    seller, buyer, rival = await world.user(), await world.user(), await world.user()
    product = await world.product(seller)
    offer = await world.run(MakeOffer, MakeOfferCommand(buyer, product, eur(6000)))
    await world.run(MakeOffer, MakeOfferCommand(rival, product, eur(5000)))
    await world.run(CounterOffer, offer.id, seller, eur(9000))
    await world.run(AcceptOffer, offer.id, buyer)

    seen: list[OutboxEntry] = []

    async def remember(entry: OutboxEntry) -> None:
        seen.append(entry)
        await world.handle(entry)

    await (await world.container.get(DrainEventFeed))(remember)

    assert types_of(await world.inbox(seller)) == ["offer_accepted", "offer_received", "offer_received"]
    assert types_of(await world.inbox(buyer)) == ["offer_countered"]
    rival_inbox = await world.inbox(rival)
    assert types_of(rival_inbox) == ["offer_declined"]  # the system declined it: sold to another
    assert rival_inbox[0].data["offer_id"] != str(offer.id)

    # The same events once more (a second process, a retry after a crash): nothing new.
    for entry in seen:
        await world.handle(entry)
    assert await world.deliver() == 0
    assert len(await world.inbox(seller)) == 3
    assert len(await world.inbox(buyer)) == 1
    assert len(await world.inbox(rival)) == 1


async def test_decline_and_expiry(world: Social) -> None:
    seller, buyer = await world.user(), await world.user()
    product = await world.product(seller)
    first = await world.run(MakeOffer, MakeOfferCommand(buyer, product, eur(6000)))
    await world.run(DeclineOffer, first.id, seller)
    second = await world.run(MakeOffer, MakeOfferCommand(buyer, product, eur(6500)))
    world.clock.advance(timedelta(hours=25))
    assert await world.run(ExpireOffer, second.id)
    await world.deliver()
    assert types_of(await world.inbox(buyer)) == ["offer_declined", "offer_expired"]
    assert types_of(await world.inbox(seller)) == ["offer_expired", "offer_received", "offer_received"]


async def test_new_message_only_while_the_recipient_has_no_socket(world: Social) -> None:
    seller, buyer = await world.user(), await world.user()
    started = await world.run(StartConversation, buyer, seller, None, "Is it still available?")
    await world.deliver()
    inbox = await world.inbox(seller)
    assert types_of(inbox) == ["new_message"]
    assert inbox[0].data["conversation_id"] == str(started.conversation.id)
    assert inbox[0].data["sender_id"] == str(buyer)
    assert await world.inbox(buyer) == []  # the sender hears nothing of their own message

    await world.presence.connect(seller, "socket-1")  # online: the message arrives on the socket
    await world.run(SendMessage, buyer, started.conversation.id, MessageDraft(MessageType.TEXT, "Hello?"))
    await world.deliver()
    assert len(await world.inbox(seller)) == 1
    await world.presence.disconnect(seller, "socket-1")
    await world.run(SendMessage, buyer, started.conversation.id, MessageDraft(MessageType.TEXT, "Anyone?"))
    await world.deliver()
    assert len(await world.inbox(seller)) == 2


async def test_a_batch_consumes_what_notifies_nobody_without_handling_it(world: Social) -> None:
    """The consumer asks once per batch which events notify nobody (a message to a member
    online now, an event that is no trigger) and consumes those without handling them;
    the inbox is what handling every event one by one gives."""
    seller, buyer = await world.user(), await world.user()
    started = await world.run(StartConversation, buyer, seller, None, "Is it still available?")
    await world.run(SendMessage, seller, started.conversation.id, MessageDraft(MessageType.TEXT, "Yes!"))
    await world.presence.connect(seller, "socket-1")  # online now: the buyer's message needs no notification
    handled: list[OutboxEntry] = []

    async def remember(entry: OutboxEntry) -> None:
        handled.append(entry)
        await world.handle(entry)

    async def quiet(entries: Sequence[OutboxEntry]) -> set[UUID]:
        async with world.container() as request:
            return await (await request.get(DeliverEvent)).nobody_to_tell(entries)

    consumed, claimed = await (await world.container.get(DrainEventFeed)).once(remember, 200, quiet)
    assert consumed == claimed == 2
    assert [e.event.message.content for e in handled if isinstance(e.event, MessageSent)] == ["Yes!"]
    assert types_of(await world.inbox(buyer)) == ["new_message"]
    assert await world.inbox(seller) == []
    assert await world.deliver() == 0  # the quiet ones are consumed too


async def test_a_completed_sale_tells_the_seller(world: Social) -> None:
    seller, buyer = await world.user(), await world.user()
    product = await world.product(seller)
    offer = await world.run(MakeOffer, MakeOfferCommand(buyer, product, eur(6000)))
    accepted = await world.run(AcceptOffer, offer.id, seller)
    await world.run(PayWithTestCard, accepted.transaction.id, buyer)
    await world.run(ConfirmReceipt, accepted.transaction.id, buyer)
    await world.deliver()
    assert types_of(await world.inbox(seller)) == [
        "offer_received",
        "payment_authorized",
        "payment_captured",
        "product_sold",
    ]
    assert types_of(await world.inbox(buyer)) == ["offer_accepted", "payment_captured"]
    sold = next(n for n in await world.inbox(seller) if n.type == "product_sold")
    assert sold.data == {"transaction_id": str(accepted.transaction.id), "product_id": str(product)}
    captured = next(n for n in await world.inbox(buyer) if n.type == "payment_captured")
    assert captured.data == {
        "transaction_id": str(accepted.transaction.id),
        "status": "completed",
        "amount": {"amount": 6000, "currency": "EUR"},
        "refunded": 0,
    }
    await world.run(RefundSale, accepted.transaction.id, seller, 1000)
    await world.deliver()
    refunded = [n for n in await world.inbox(buyer) if n.type == "payment_refunded"]
    assert [(n.data["status"], n.data["refunded"]) for n in refunded] == [("partially_refunded", 1000)]


async def test_a_new_follower_once_however_often_they_follow(world: Social) -> None:
    seller, fan = await world.user(), await world.user()
    await world.run(FollowUser, fan, seller)
    await world.run(FollowUser, fan, seller)  # idempotent: no second event
    await world.deliver()
    inbox = await world.inbox(seller)
    assert types_of(inbox) == ["new_follower"]
    assert inbox[0].data == {"follower_id": str(fan)}
    assert await world.inbox(fan) == []


async def test_comments_notify_the_owner_and_the_replied_to_but_never_the_author(world: Social) -> None:
    seller, fan = await world.user(), await world.user()
    product = TargetRef(TargetKind.PRODUCT, await world.product(seller))
    question = await world.run(CommentOn, fan, product, "Does it fit a tall rider?", None)
    await world.run(CommentOn, seller, product, "Yes, 58 cm frame.", question.comment.id)
    await world.run(CommentOn, seller, product, "Price is firm.", None)
    await world.deliver()
    owner_inbox = await world.inbox(seller)
    assert types_of(owner_inbox) == ["new_comment"]
    assert owner_inbox[0].data["comment_id"] == str(question.comment.id)
    fan_inbox = await world.inbox(fan)
    assert types_of(fan_inbox) == ["new_comment"]  # the reply to their question
    assert fan_inbox[0].data["parent_id"] == str(question.comment.id)


async def test_settings_switch_types_off(world: Social) -> None:
    seller, buyer, fan = await world.user(), await world.user(), await world.user()
    await world.switch_off(seller, "offer_received", "new_follower")
    product = await world.product(seller)
    offer = await world.run(MakeOffer, MakeOfferCommand(buyer, product, eur(6000)))
    await world.run(FollowUser, fan, seller)
    await world.run(CounterOffer, offer.id, seller, eur(9000))
    await world.deliver()
    assert await world.inbox(seller) == []
    assert types_of(await world.inbox(buyer)) == ["offer_countered"]


async def test_two_consumers_at_once_notify_once(world: Social) -> None:
    seller = await world.user()
    fans = [await world.user() for _ in range(6)]
    for fan in fans:
        await world.run(FollowUser, fan, seller)
    counts = await asyncio.gather(world.deliver(), world.deliver())
    assert sum(counts) >= len(fans)
    assert types_of(await world.inbox(seller)) == ["new_follower"] * len(fans)


async def test_push_only_to_offline_users_and_dead_tokens_pruned(world: Social) -> None:
    seller, buyer, other = await world.user(), await world.user(), await world.user()
    await world.run(RegisterPushToken, seller, "seller-phone", "ios")
    await world.run(RegisterPushToken, seller, "seller-old-tablet", "android")
    world.push.dead.add("seller-old-tablet")
    product = await world.product(seller)
    await world.run(MakeOffer, MakeOfferCommand(buyer, product, eur(6000)))
    await world.deliver()
    assert [j.name for j in world.jobs.queued if j.name == PUSH_JOB] == [PUSH_JOB]  # a job, not the request
    assert world.push.sent == []
    await world.run_jobs(PUSH_JOB)
    assert sorted(m.token.token for m in world.push.sent) == ["seller-old-tablet", "seller-phone"]
    assert {m.title for m in world.push.sent} == {"New offer"}
    assert world.push.sent[0].data["type"] == "offer_received"

    # The dead token is gone; the seller is online now: the next notification is not pushed.
    world.push.sent.clear()
    await world.presence.connect(seller, "socket-1")
    await world.run(FollowUser, other, seller)
    await world.deliver()
    await world.run_jobs(PUSH_JOB)
    assert world.push.sent == []
    assert types_of(await world.inbox(seller)) == ["new_follower", "offer_received"]

    # Offline again: pushed to the one live token; a re-run of the job sends nothing twice.
    await world.presence.disconnect(seller, "socket-1")
    await world.run(FollowUser, buyer, seller)
    await world.deliver()
    job = next(j for j in world.jobs.queued if j.name == PUSH_JOB)
    await world.run_jobs(PUSH_JOB)
    world.jobs.queued.append(job)
    await world.run_jobs(PUSH_JOB)
    assert [m.token.token for m in world.push.sent] == ["seller-phone"]


async def go_live(
    world: Social,
    seller: UUID,
    notify_followers: bool = True,
    notify_neighborhood: bool = False,
    audience: str = "everyone",
) -> UUID:
    async with world.container() as request:
        recorder = await request.get(EventRecorder)
        live = StreamWentLive(
            seller,
            seller,
            "Vintage bikes, live",
            Audience(audience),
            notify_followers,
            notify_neighborhood,
            world.clock.now(),
        )
        await recorder.record(live)
        await (await request.get(UnitOfWork)).commit()
        await recorder.publish()
    return seller


async def test_going_live_fans_out_in_batches_once(world: Social, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PlanLiveFanOut, "batch_size", 4)
    seller = await world.user()
    fans = [await world.user() for _ in range(10)]
    for fan in fans:
        await world.run(FollowUser, fan, seller)
    await world.switch_off(fans[0], "followed_seller_live")
    await world.run(RegisterPushToken, fans[1], "fan-phone", "android")
    await world.presence.connect(fans[2], "socket")
    await world.deliver()
    await go_live(world, seller)
    await world.deliver()
    assert [j.name for j in world.jobs.queued] == [LIVE_FAN_OUT_JOB]
    await world.run_jobs(LIVE_FAN_OUT_JOB)
    batches = [j for j in world.jobs.queued if j.name == LIVE_BATCH_JOB]
    assert len(batches) == 3  # 10 followers in batches of 4
    async with notifications_announced(world) as announced:
        await world.run_jobs(LIVE_BATCH_JOB)
        await world.run_jobs(PUSH_JOB)
        await settled(announced, 1)
    for fan in fans[1:]:
        inbox = [n for n in await world.inbox(fan) if n.type == "followed_seller_live"]
        assert len(inbox) == 1
        assert inbox[0].data["title"] == "Vintage bikes, live"
    assert [n for n in await world.inbox(fans[0]) if n.type == "followed_seller_live"] == []
    assert [n for n in await world.inbox(seller) if n.type == "followed_seller_live"] == []
    assert [m.token.token for m in world.push.sent] == ["fan-phone"]
    # The one online fan hears of it on their socket: the notification as stored.
    online_inbox = [n for n in await world.inbox(fans[2]) if n.type == "followed_seller_live"]
    assert [a.notification for a in announced] == online_inbox

    # A retried plan and retried batches change nothing.
    async with notifications_announced(world) as announced_again:
        world.jobs.queued.extend(batches)
        await world.run_jobs(LIVE_BATCH_JOB)
        await world.run(PlanLiveFanOut, event_id_of(batches[0].payload))
        await world.run_jobs(LIVE_BATCH_JOB)
        await settled(announced_again, 0)
    for fan in fans[1:]:
        assert len([n for n in await world.inbox(fan) if n.type == "followed_seller_live"]) == 1
    assert [m.token.token for m in world.push.sent] == ["fan-phone"]
    assert announced_again == []


async def test_a_plan_that_died_after_writing_delivers_on_its_retry_once(
    world: Social, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan writes every notification before it enqueues a delivery batch: a plan that
    died in between wrote them all, its retry writes none again but enqueues the batches, and
    each recipient hears of it once (online: a frame; offline with a device: a push)."""
    monkeypatch.setattr(PlanLiveFanOut, "batch_size", 2)
    seller = await world.user()
    fans = [await world.user() for _ in range(5)]
    for fan in fans:
        await world.run(FollowUser, fan, seller)
    await world.run(RegisterPushToken, fans[1], "fan-phone", "ios")
    await world.presence.connect(fans[0], "socket")
    await world.deliver()
    await go_live(world, seller)
    await world.deliver()
    [plan] = world.jobs.queued
    enqueue = world.jobs.enqueue

    async def dies(job: JobRequest) -> None:
        raise ConnectionError("the worker lost Redis")

    monkeypatch.setattr(world.jobs, "enqueue", dies)
    with pytest.raises(ConnectionError):
        await world.run_jobs(LIVE_FAN_OUT_JOB)
    for fan in fans:
        assert types_of([n for n in await world.inbox(fan) if n.type == "followed_seller_live"]) == [
            "followed_seller_live"
        ]
    monkeypatch.setattr(world.jobs, "enqueue", enqueue)
    async with notifications_announced(world) as announced:
        assert await world.run(PlanLiveFanOut, event_id_of(plan.payload)) == 3  # 5 followers in batches of 2
        batches = list(world.jobs.queued)
        await world.run_jobs(LIVE_BATCH_JOB)
        world.jobs.queued.extend(batches)  # every batch retried after its commit
        await world.run_jobs(LIVE_BATCH_JOB)
        await settled(announced, 1)
    assert [a.notification.user_id for a in announced] == [fans[0]]
    assert [m.token.token for m in world.push.sent] == ["fan-phone"]
    for fan in fans:
        assert len([n for n in await world.inbox(fan) if n.type == "followed_seller_live"]) == 1


async def test_a_batch_planned_before_the_plan_wrote_writes_its_own_range(world: Social) -> None:
    """A delivery job of the version before (its plan wrote nothing) writes its range once."""
    seller = await world.user()
    fans = [await world.user() for _ in range(3)]
    for fan in fans:
        await world.run(FollowUser, fan, seller)
    await world.deliver()
    await go_live(world, seller)
    await world.deliver()
    [plan] = world.jobs.queued
    world.jobs.queued.clear()
    followers = RecipientRange(Recipients(seller, True), NotificationType.FOLLOWED_SELLER_LIVE)
    old = LiveBatch(event_id_of(plan.payload), followers)
    await world.jobs.enqueue(JobRequest(LIVE_BATCH_JOB, old.payload()))
    assert await world.run_jobs(LIVE_BATCH_JOB) == 1
    for fan in fans:
        assert len([n for n in await world.inbox(fan) if n.type == "followed_seller_live"]) == 1
    await world.run(PlanLiveFanOut, event_id_of(plan.payload))  # then the new plan: nothing twice
    await world.run_jobs(LIVE_BATCH_JOB)
    for fan in fans:
        assert len([n for n in await world.inbox(fan) if n.type == "followed_seller_live"]) == 1


@asynccontextmanager
async def notifications_announced(world: Social) -> AsyncIterator[list[NotificationCreated]]:
    """The ``notification:new`` events published on the bus while the block runs."""
    seen: list[NotificationCreated] = []
    async with (await world.container.get(EventBus)).subscribe(NotificationCreated) as events:

        async def collect() -> None:
            async for event in events:
                assert isinstance(event, NotificationCreated)
                seen.append(event)

        task = asyncio.create_task(collect())
        try:
            yield seen
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def settled(seen: list[NotificationCreated], expected: int) -> None:
    """Wait until ``expected`` events arrived (the Redis bus is asynchronous), and a little
    longer for any that should not."""
    async with asyncio.timeout(10):
        while len(seen) < expected:
            await asyncio.sleep(0.02)
    await asyncio.sleep(0.2)


async def test_going_live_without_notify_followers_notifies_nobody(world: Social) -> None:
    seller, fan = await world.user(), await world.user()
    await world.run(FollowUser, fan, seller)
    await world.deliver()
    await go_live(world, seller, notify_followers=False)
    await world.deliver()
    assert world.jobs.queued == []


async def test_going_live_tells_neighbours_once_and_only_those_who_may_watch(world: Social) -> None:
    here = random_place()
    seller = await world.user()
    await world.move(seller, here)
    near, near_fan, near_off = [await world.user() for _ in range(3)]
    far, far_fan, homeless = [await world.user() for _ in range(3)]
    # Homes are compared by their public points, each up to 1 km off: 2 km of margin either side of 10 km.
    for user, km in [(near, 3.0), (near_fan, 7.9), (near_off, 1.0), (far, 12.1), (far_fan, 40.0)]:
        await world.move(user, km_north(here, km))
    for fan in (near_fan, far_fan):
        await world.run(FollowUser, fan, seller)
    await world.switch_off(near_off, "nearby_seller_live")
    await world.run(RegisterPushToken, near, "near-phone", "ios")
    await world.deliver()

    async def live_types(user: UUID) -> list[str]:
        return types_of([n for n in await world.inbox(user) if n.type.endswith("_seller_live")])

    await go_live(world, seller, notify_followers=True, notify_neighborhood=True)
    await world.deliver()
    await world.run_jobs(LIVE_FAN_OUT_JOB)
    assert sorted(j.payload["kind"] for j in world.jobs.queued) == ["followed_seller_live", "nearby_seller_live"]
    await world.run_jobs(LIVE_BATCH_JOB)
    await world.run_jobs(PUSH_JOB)
    assert await live_types(near) == ["nearby_seller_live"]
    assert await live_types(near_fan) == ["followed_seller_live"]  # once, as a follower
    assert await live_types(far_fan) == ["followed_seller_live"]
    for nobody in (near_off, far, homeless, seller):
        assert await live_types(nobody) == []
    told = next(n for n in await world.inbox(near) if n.type == "nearby_seller_live")
    assert told.data == {"stream_id": str(seller), "seller_id": str(seller), "title": "Vintage bikes, live"}
    assert [m.token.token for m in world.push.sent] == ["near-phone"]
    assert world.push.sent[0].title == "Live near you"

    # A neighbourhood-only stream tells followers only if they live near; neighbours only.
    await go_live(world, seller, notify_followers=True, notify_neighborhood=True, audience="neighborhood")
    await world.deliver()
    await world.run_jobs(LIVE_FAN_OUT_JOB)
    await world.run_jobs(LIVE_BATCH_JOB)
    assert await live_types(near) == ["nearby_seller_live"] * 2
    assert await live_types(near_fan) == ["followed_seller_live"] * 2
    assert await live_types(far_fan) == ["followed_seller_live"]  # may not watch: not told
    # A followers-only stream with only neighbours to tell: the neighbours who follow.
    await go_live(world, seller, notify_followers=False, notify_neighborhood=True, audience="followers")
    await world.deliver()
    await world.run_jobs(LIVE_FAN_OUT_JOB)
    await world.run_jobs(LIVE_BATCH_JOB)
    assert await live_types(near) == ["nearby_seller_live"] * 2
    assert await live_types(near_fan) == ["followed_seller_live"] * 2 + ["nearby_seller_live"]
    assert await live_types(far_fan) == ["followed_seller_live"]


async def test_neighbours_are_not_told_when_the_seller_has_no_home(world: Social) -> None:
    seller, neighbour = await world.user(), await world.user()
    await world.move(neighbour, random_place())
    await world.deliver()
    await go_live(world, seller, notify_followers=False, notify_neighborhood=True)
    await world.deliver()
    await world.run_jobs(LIVE_FAN_OUT_JOB)
    assert world.jobs.queued == []
    assert await world.inbox(neighbour) == []


def random_place() -> GeoPoint:
    """Far from every other test's users in a shared database."""
    rng = random.SystemRandom()
    return GeoPoint(rng.uniform(-60.0, 60.0), rng.uniform(-170.0, 170.0))


def km_north(point: GeoPoint, km: float) -> GeoPoint:
    return GeoPoint(point.lat + math.degrees(km / EARTH_RADIUS_KM), point.lng)


async def test_a_message_between_online_members_neither_writes_nor_reads_notifications(
    world: Social, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The common chat case costs the consumer no notification statement at all."""
    seller, buyer = await world.user(), await world.user()
    started = await world.run(StartConversation, buyer, seller, None, None)
    await world.deliver()
    async with world.container() as request:
        store = type(await request.get(NotificationRepository))
    touched: list[str] = []
    for name in ("add_many", "unpushed_of"):
        original = getattr(store, name)

        async def spy(self: object, *args: object, _name: str = name, _original: object = original) -> object:
            touched.append(_name)
            return await _original(self, *args)  # type: ignore[operator]

        monkeypatch.setattr(store, name, spy)
    await world.presence.connect(seller, "socket-1")
    await world.run(SendMessage, buyer, started.conversation.id, MessageDraft(MessageType.TEXT, "Hello?"))
    await world.deliver()
    assert touched == []
    await world.presence.disconnect(seller, "socket-1")
    await world.run(SendMessage, buyer, started.conversation.id, MessageDraft(MessageType.TEXT, "Anyone?"))
    await world.deliver()
    assert touched == ["add_many", "unpushed_of"]
    assert types_of(await world.inbox(seller)) == ["new_message"]


async def test_a_batch_of_events_is_delivered_with_one_write_and_one_commit(
    world: Social, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An accept's events (the buyer's accepted, the rival's declined, the seller's offers)
    cost the consumer one insert and one commit between them, not one of each per event."""
    seller, buyer, rival = await world.user(), await world.user(), await world.user()
    product = await world.product(seller)
    offer = await world.run(MakeOffer, MakeOfferCommand(buyer, product, eur(8000)))
    await world.run(MakeOffer, MakeOfferCommand(rival, product, eur(7000)))
    await world.run(AcceptOffer, offer.id, seller)
    async with world.container() as request:
        store, uow = type(await request.get(NotificationRepository)), type(await request.get(UnitOfWork))
    calls: list[str] = []
    for owner, name in ((store, "add_many"), (uow, "commit")):
        original = getattr(owner, name)

        async def spy(self: object, *args: object, _name: str = name, _original: object = original) -> object:
            calls.append(_name)
            return await _original(self, *args)  # type: ignore[operator]

        monkeypatch.setattr(owner, name, spy)

    assert await world.deliver() >= 4
    assert calls == ["add_many", "commit"]
    assert types_of(await world.inbox(seller)) == ["offer_received", "offer_received"]
    assert types_of(await world.inbox(buyer)) == ["offer_accepted"]
    assert types_of(await world.inbox(rival)) == ["offer_declined"]


async def test_one_event_that_fails_in_a_batch_holds_back_only_itself(world: Social) -> None:
    """When the batch's one transaction fails, each event is handled alone: the others are
    delivered and consumed, the failing one keeps its lease and comes back."""
    seller = await world.user()
    fans = [await world.user() for _ in range(3)]
    for fan in fans:
        await world.run(FollowUser, fan, seller)
    drain = await world.container.get(DrainEventFeed)
    poison: list[UUID] = []

    async def handle(entry: OutboxEntry) -> None:
        if not poison:
            poison.append(entry.id)
        if entry.id in poison:
            raise RuntimeError("this one event cannot be delivered")
        await world.handle(entry)

    async def together(entries: Sequence[OutboxEntry]) -> None:
        assert len(entries) == len(fans)
        await world.together(entries)
        raise RuntimeError("the batch's transaction failed after its writes")

    consumed, claimed = await drain.once(handle, 200, None, together)
    assert (consumed, claimed) == (len(fans) - 1, len(fans))
    assert types_of(await world.inbox(seller)) == ["new_follower"] * len(fans)  # once each, batch or not
    world.clock.advance(timedelta(minutes=10))  # the failing event's lease ends
    assert await world.deliver() == 1
    assert types_of(await world.inbox(seller)) == ["new_follower"] * len(fans)
