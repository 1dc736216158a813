"""Outbox events → frames, on in-memory adapters: whichever door raised an event (a use
case called by REST or a frame, or a background job), the projection makes the same
frames from the event alone, with the wire structs REST answers with; the hub encodes
each once and sends the same bytes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import msgspec
import pytest

from souk.application.negotiation.counter_offer import CounterOffer
from souk.application.negotiation.get_conversation import GetConversation
from souk.application.negotiation.make_offer import MakeOffer, MakeOfferCommand
from souk.application.negotiation.mark_read import MarkRead
from souk.application.negotiation.offer_moves import EXPIRE_OFFER_JOB
from souk.application.negotiation.recent_offers_feed import OfferAliasKey, RecentOffersFeed
from souk.application.negotiation.send_message import SendMessage
from souk.application.negotiation.start_conversation import StartConversation
from souk.application.ports.event_bus import EventBus
from souk.application.ports.job_queue import JobAttempt
from souk.application.realtime.addressed import AddressedFrame
from souk.application.shared.rooms import offer_feed_room, room_of
from souk.application.streams.create_stream import CreateStream, NewStream
from souk.application.streams.end_stream import EndStream
from souk.application.streams.get_stream import GetStream
from souk.application.streams.go_live import GoLive
from souk.application.streams.tag_product import TagCommand, TagProduct
from souk.bootstrap.providers.websocket import showcase_scope
from souk.domain.accounts.events import PresenceChanged, UserRegistered
from souk.domain.negotiation.conversation import MessageDraft
from souk.domain.shared.events import DomainEvent
from souk.domain.shared.money import Money
from souk.domain.streams.events import ChatAuthor, StreamChatPosted, StreamProductTagged, StreamReacted
from souk.domain.streams.stream_product import Tag
from souk.entrypoints.wire.negotiation import MessageOut
from souk.entrypoints.wire.streams import StreamOut, StreamProductOut
from souk.entrypoints.worker.jobs import ContainerJobDispatcher
from souk.entrypoints.ws import frames
from souk.entrypoints.ws.hub import Hub
from souk.entrypoints.ws.projection import RealtimeProjection
from tests.negotiation_support import Negotiation, negotiation_container
from tests.unit.realtime.projections import projection_without_reads
from tests.unit.test_ws_hub import FakeSocket, connection

Event = DomainEvent
Frame = AddressedFrame


class World:
    def __init__(self, negotiation: Negotiation, events: asyncio.Queue[Event], projection: RealtimeProjection) -> None:
        self.n = negotiation
        self.events = events
        self.projection = projection

    async def drain(self) -> list[Event]:
        await asyncio.sleep(0.01)  # let the collector move what the bus carries
        taken = []
        while not self.events.empty():
            taken.append(self.events.get_nowait())
        return taken

    async def frames(self) -> list[Frame]:
        """The frames of what the bus carried, with their data as the client reads it."""
        made = [f for event in await self.drain() for f in await self.projection.frames(event)]
        return [AddressedFrame(f.type, msgspec.to_builtins(f.data), f.users, f.room) for f in made]


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    negotiation = negotiation_container("memory", None, tmp_path)
    projection = RealtimeProjection(await negotiation.get(OfferAliasKey), showcase_scope(negotiation.container))
    bus = await negotiation.get(EventBus)
    queue: asyncio.Queue[Event] = asyncio.Queue()

    async def collect() -> None:
        async with bus.subscribe(*projection.EVENTS) as stream:
            async for event in stream:
                queue.put_nowait(event)

    task = asyncio.create_task(collect())
    await asyncio.sleep(0)
    yield World(negotiation, queue, projection)
    task.cancel()
    await negotiation.container.close()


async def conversation_of(world: World, a: UUID, b: UUID) -> UUID:
    started = await world.n.run(StartConversation, a, b, None, None)
    return started.conversation.id  # type: ignore[no-any-return]


async def test_a_message_becomes_message_new_to_both_members(world: World) -> None:
    alice, bob = await world.n.user(), await world.n.user()
    conversation = await conversation_of(world, alice, bob)
    await world.drain()
    message = await world.n.run(SendMessage, alice, conversation, MessageDraft.from_user("text", "hi", ()))
    [frame] = await world.frames()
    assert frame.type == "message:new"
    assert sorted(frame.users) == sorted([str(alice), str(bob)])
    assert frame.data == msgspec.to_builtins(MessageOut.new(message))
    assert frame.data["seq"] == 1


async def test_offers_reach_each_side_and_the_public_feed_without_the_buyer_id(world: World) -> None:
    seller, buyer = await world.n.user(), await world.n.user()
    product = await world.n.product(seller)
    offer = await world.n.run(MakeOffer, MakeOfferCommand(buyer, product, Money(500, "EUR")))
    frames = {f.type: f for f in await world.frames()}
    assert frames["offer:new"].users == (str(seller),)
    assert frames["offer:created"].users == (str(buyer),)
    assert frames["offer:new"].data["id"] == str(offer.id)
    feed = frames["offer:feed:new"]
    assert feed.room == offer_feed_room(product)
    assert feed.users == ()
    [listed] = await world.n.run(RecentOffersFeed, product)
    assert feed.data["item"]["buyer_alias"] == listed.buyer_alias
    assert feed.data["item"]["price"] == {"amount": 500, "currency": "EUR"}
    assert str(buyer) not in json.dumps(feed.data)
    assert frames["message:new"].data["offer"]["id"] == str(offer.id)

    await world.n.run(CounterOffer, offer.id, seller, Money(800, "EUR"))
    updated = [f for f in await world.frames() if f.type == "offer:updated"]
    assert [(f.data["status"], sorted(f.users)) for f in updated] == [("countered", sorted([str(buyer), str(seller)]))]


async def test_an_offer_expired_by_the_background_job_is_announced_too(world: World) -> None:
    seller, buyer = await world.n.user(), await world.n.user()
    product = await world.n.product(seller)
    offer = await world.n.run(MakeOffer, MakeOfferCommand(buyer, product, Money(500, "EUR")))
    await world.drain()
    world.n.clock.advance(timedelta(hours=25))
    await ContainerJobDispatcher(world.n.container).dispatch(
        EXPIRE_OFFER_JOB, {"offer_id": str(offer.id)}, JobAttempt(1, 3)
    )
    frames = await world.frames()
    [update] = [f for f in frames if f.type == "offer:updated"]
    assert update.data["status"] == "expired"
    [system] = [f for f in frames if f.type == "message:new"]
    assert (system.data["message_type"], system.data["sender_id"]) == ("system", None)


async def test_read_receipts_go_to_the_other_member_only_when_the_mark_moves(world: World) -> None:
    alice, bob = await world.n.user(), await world.n.user()
    conversation = await conversation_of(world, alice, bob)
    first = await world.n.run(SendMessage, alice, conversation, MessageDraft.from_user("text", "one", ()))
    await world.n.run(SendMessage, alice, conversation, MessageDraft.from_user("text", "two", ()))
    await world.drain()

    await world.n.run(MarkRead, bob, conversation, first.id)
    [receipt] = await world.frames()
    assert (receipt.type, receipt.users) == ("message:read", (str(alice),))
    assert receipt.data == {"conversation_id": str(conversation), "message_id": str(first.id), "reader_id": str(bob)}
    await world.n.run(MarkRead, bob, conversation, first.id)
    assert await world.frames() == []  # nothing moved

    await world.n.run(GetConversation, bob, conversation)  # opening it reads the rest
    [everything] = await world.frames()
    assert (everything.type, everything.users) == ("messages:read", (str(alice),))
    assert everything.data == {"conversation_id": str(conversation), "reader_id": str(bob)}


async def test_an_event_that_makes_no_frame_makes_none() -> None:
    assert await projection_without_reads().frames(UserRegistered(UUID(int=1))) == []


async def test_the_hub_projects_once_encodes_once_and_reports_delivery(world: World) -> None:
    alice, bob = await world.n.user(), await world.n.user()
    conversation = await conversation_of(world, alice, bob)
    bus = await world.n.get(EventBus)
    hub = Hub(bus, world.projection)
    phone, tablet, alice_socket = FakeSocket(), FakeSocket(), FakeSocket()
    conns = [connection(bob, phone), connection(bob, tablet), connection(alice, alice_socket)]
    for conn in conns:
        hub.add(conn)
    await world.drain()
    async with bus.subscribe(AddressedFrame) as receipts:
        message = await world.n.run(SendMessage, alice, conversation, MessageDraft.from_user("text", "hi", ()))
        [event] = await world.drain()
        assert await hub.project(event) == 3
        await asyncio.sleep(0.01)
        assert phone.sent[0] is tablet.sent[0] is alice_socket.sent[0]  # one encoding, many sockets
        wire = msgspec.to_builtins(MessageOut.new(message))
        assert json.loads(phone.sent[0]) == {"type": "message:new", "data": wire}
        receipt = await asyncio.wait_for(anext(aiter(receipts)), 1)
    assert AddressedFrame(receipt.type, msgspec.to_builtins(receipt.data), receipt.users) == AddressedFrame(
        "message:delivered",
        {"conversation_id": str(conversation), "message_id": str(message.id), "seq": 1, "user_id": str(bob)},
        users=(str(alice),),
    )
    for conn in conns:
        await conn.stop()


async def test_live_room_chat_reactions_and_presence_become_their_frames() -> None:
    """Events with nothing to commit (chat, reactions, presence) reach sockets the same way:
    the frames API.md names, built by the projection from the typed event."""
    projection = projection_without_reads()
    sid, uid, mid, partner = UUID(int=1), UUID(int=2), UUID(int=3), UUID(int=4)
    at = datetime(2026, 5, 1, 18, 0, 0, 500000, tzinfo=UTC)
    [chat] = await projection.frames(StreamChatPosted(sid, mid, ChatAuthor(uid, "ann", "Ann"), "hi", at))
    assert (chat.room, chat.users) == (f"stream:{sid}", ())
    assert json.loads(frames.encode(chat.type, chat.data)) == {
        "type": "stream:chat:new",
        "data": {
            "stream_id": str(sid),
            "message_id": str(mid),
            "user": {"id": str(uid), "username": "ann", "display_name": "Ann"},
            "content": "hi",
            "at": "2026-05-01T18:00:00.500000Z",
        },
    }
    [reaction] = await projection.frames(StreamReacted(sid, uid, "🔥"))
    assert (reaction.type, reaction.room) == ("stream:reaction:new", f"stream:{sid}")
    assert msgspec.to_builtins(reaction.data) == {"stream_id": str(sid), "emoji": "🔥", "user_id": str(uid)}
    [online] = await projection.frames(PresenceChanged(uid, True, (partner,)))
    assert (online.type, msgspec.to_builtins(online.data), online.users) == (
        "user:online",
        {"user_id": str(uid)},
        (str(partner),),
    )


async def test_stream_events_become_frames_with_the_rest_stream_and_stream_product(world: World) -> None:
    """``stream:live``/``stream:ended`` and ``stream:product:*`` come from the outbox events
    through the projection (no use case sends them), with REST's wire structs."""
    seller = await world.n.user()
    product = await world.n.product(seller)
    stream = await world.n.run(CreateStream, NewStream(seller, "Show", [product]))
    await world.drain()
    await world.n.run(GoLive, stream.id, seller)
    [live] = [f for f in await world.frames() if f.type.startswith("stream:")]
    assert (live.type, live.room, live.users) == ("stream:live", room_of(stream.id), ())
    assert live.data == msgspec.to_builtins(StreamOut.of(await world.n.run(GetStream, stream.id, seller)))
    assert live.data["status"] == "live"
    assert live.data["playback_url"]

    tagged = await world.n.run(TagProduct, TagCommand(stream.id, product, seller, Tag(0.25, 0.75, 3), featured=True))
    shown = [f for f in await world.frames() if f.type.startswith("stream:")]
    assert [f.type for f in shown] == ["stream:product:tagged", "stream:product:featured"]
    assert shown[0].data == shown[1].data == msgspec.to_builtins(StreamProductOut.of(tagged))
    assert (shown[0].data["x"], shown[0].data["product"]["id"]) == (0.25, str(product))

    await world.n.run(TagProduct, TagCommand(stream.id, product, seller, Tag(0.5, 0.5, 4), featured=False))
    assert [f.type for f in await world.frames() if f.type.startswith("stream:")] == ["stream:product:tagged"]

    await world.n.run(EndStream, stream.id, seller)
    [ended] = [f for f in await world.frames() if f.type.startswith("stream:")]
    assert ended.type == "stream:ended"
    assert ended.data == msgspec.to_builtins(StreamOut.of(await world.n.run(GetStream, stream.id, seller)))
    assert ended.data["status"] == "ended"


async def test_a_process_with_nobody_in_the_room_reads_nothing_for_stream_frames() -> None:
    event = StreamProductTagged(UUID(int=1), UUID(int=2), featured=True)
    assert await projection_without_reads().frames(event, listening=lambda room: False) == []
    with pytest.raises(AssertionError):
        await projection_without_reads().frames(event, listening=lambda room: room == room_of(UUID(int=1)))
