"""Nothing after a commit turns a committed change into an error: with the event bus down,
going live, tagging a product, ending a stream, accepting an offer and following someone
all answer as usual, their changes are stored, and their events wait in the outbox for
the sweeper (issue 15, after-commit effects)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from dishka import Provider, Scope

from souk.adapters.inprocess.event_bus import InProcessEventBus
from souk.adapters.memory.store import InMemoryStore
from souk.application.catalog.follow_user import FollowUser
from souk.application.negotiation.accept_offer import AcceptOffer
from souk.application.negotiation.make_offer import MakeOffer, MakeOfferCommand
from souk.application.ports.event_bus import EventBus
from souk.application.streams.create_stream import CreateStream, NewStream
from souk.application.streams.end_stream import EndStream
from souk.application.streams.get_stream import GetStream
from souk.application.streams.go_live import GoLive
from souk.application.streams.tag_product import TagCommand, TagProduct
from souk.domain.shared.events import DomainEvent
from souk.domain.shared.money import Money
from souk.domain.streams.stream_product import Tag
from tests.negotiation_support import Negotiation, negotiation_container


class DownBus(InProcessEventBus):
    def __init__(self) -> None:
        super().__init__()
        self.attempts = 0

    async def publish(self, event: DomainEvent) -> None:
        self.attempts += 1
        raise ConnectionError("redis down")


@pytest.fixture
async def space(tmp_path: Path) -> AsyncIterator[tuple[Negotiation, DownBus]]:
    bus = DownBus()
    override = Provider(scope=Scope.APP)
    override.provide(lambda: bus, provides=EventBus)
    built = negotiation_container("memory", None, tmp_path, override)
    yield built, bus
    await built.container.close()


async def unpublished(space: Negotiation) -> list[DomainEvent]:
    store = await space.get(InMemoryStore)
    return [r.entry.event for r in store.table("outbox").values() if r.published_at is None]


async def test_stream_changes_commit_and_answer_with_the_bus_down(space: tuple[Negotiation, DownBus]) -> None:
    world, bus = space
    seller = await world.user()
    product = await world.product(seller)
    stream = await world.run(CreateStream, NewStream(seller, "Show", [product]))
    live = await world.run(GoLive, stream.id, seller)
    assert live.stream.stream.is_live
    tagged = await world.run(TagProduct, TagCommand(stream.id, product, seller, Tag(0.5, 0.5, 3), featured=True))
    assert tagged.item.featured
    await world.run(EndStream, stream.id, seller)
    assert (await world.run(GetStream, stream.id, None)).stream.status.value == "ended"
    assert bus.attempts >= 3  # every one of them tried, and failed, to announce
    assert {e.topic for e in await unpublished(world)} >= {"stream.live", "stream.ended"}


async def test_a_sale_and_a_follow_commit_and_answer_with_the_bus_down(space: tuple[Negotiation, DownBus]) -> None:
    world, bus = space
    seller, buyer = await world.user(), await world.user()
    product = await world.product(seller)
    offer = await world.run(MakeOffer, MakeOfferCommand(buyer, product, Money(500, "EUR")))
    accepted = await world.run(AcceptOffer, offer.id, seller)
    assert accepted.transaction.status.value == "pending"
    await world.run(FollowUser, buyer, seller)
    topics = [e.topic for e in await unpublished(world)]
    assert {"offer.accepted", "transaction.opened", "product.reserved", "user.followed"} <= set(topics)
    assert bus.attempts >= 2
