"""Ids are a port: use cases name things with the ``Ids`` they are given (UUIDv7 in
production), so a test can fix them."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from dishka import Provider, Scope

from souk.adapters.memory.ids import SequentialIds
from souk.adapters.system.ids import Uuid7Ids
from souk.application.negotiation.make_offer import MakeOffer, MakeOfferCommand
from souk.application.shared.ids import Ids
from souk.application.streams.create_stream import CreateStream, NewStream
from souk.domain.shared.money import Money
from tests.negotiation_support import negotiation_container


def test_uuid7_ids_are_version_7_and_ordered_as_minted() -> None:
    ids = Uuid7Ids()
    minted = [ids.new() for _ in range(1000)]
    assert all(i.version == 7 for i in minted)
    assert minted == sorted(minted)
    assert len(set(minted)) == len(minted)


def test_sequential_ids_are_the_same_in_every_run() -> None:
    first, second = SequentialIds(), SequentialIds()
    assert [first.new() for _ in range(3)] == [second.new() for _ in range(3)]
    assert SequentialIds(prefix=1).new() == UUID(int=(1 << 64) | 1)


async def test_use_cases_name_things_with_the_injected_ids(tmp_path: Path) -> None:
    ids = SequentialIds(prefix=0xABC)
    fixed = Provider(scope=Scope.APP)
    fixed.provide(lambda: ids, provides=Ids)
    world = negotiation_container("memory", None, tmp_path, fixed)
    seller, buyer = await world.user(), await world.user()
    product = await world.product(seller)
    stream = await world.run(CreateStream, NewStream(seller, "Show", [product]))
    offer = await world.run(MakeOffer, MakeOfferCommand(buyer, product, Money(500, "EUR")))
    await world.container.close()
    ours = {UUID(int=(0xABC << 64) | n) for n in range(1, ids._next + 1)}
    assert {product, stream.id, offer.id, offer.conversation_id} <= ours
    assert offer.id.int >> 64 == 0xABC
