"""A seller's banned words are read once per TTL per process, forgotten at once when this
process changes them, and when another process announces its change on the bus."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

from souk.adapters.memory.clock import FakeClock
from souk.application.shared.seller_words import TTL, SellerWords
from souk.domain.shared.events import DomainEvent
from souk.domain.streams.events import RoomChanged, SellerWordsChanged


class CountingLists:
    def __init__(self) -> None:
        self.words: dict[UUID, tuple[str, ...]] = {}
        self.reads = 0

    async def banned_words_of(self, seller_id: UUID) -> tuple[str, ...]:
        self.reads += 1
        return self.words.get(seller_id, ())


class RecordingBus:
    def __init__(self) -> None:
        self.published: list[DomainEvent] = []

    async def publish(self, event: DomainEvent) -> None:
        self.published.append(event)


async def test_kept_for_the_ttl_then_read_again() -> None:
    clock, lists, seller = FakeClock(), CountingLists(), uuid4()
    kept = SellerWords(clock)
    lists.words[seller] = ("plum",)
    assert await kept.of(seller, lists) == ("plum",)
    lists.words[seller] = ("plum", "kettle")  # changed by another process
    clock.advance(TTL - timedelta(milliseconds=1))
    assert await kept.of(seller, lists) == ("plum",)
    assert lists.reads == 1
    clock.advance(timedelta(milliseconds=1))
    assert await kept.of(seller, lists) == ("plum", "kettle")
    assert lists.reads == 2


async def test_forgotten_at_once_when_changed_here() -> None:
    clock, lists, seller = FakeClock(), CountingLists(), uuid4()
    kept = SellerWords(clock)
    assert await kept.of(seller, lists) == ()
    lists.words[seller] = ("orbit",)
    kept.forget(seller)
    assert await kept.of(seller, lists) == ("orbit",)
    assert await kept.of(uuid4(), lists) == ()  # another seller: a list of their own
    assert lists.reads == 3


async def test_a_change_here_is_announced_and_one_there_is_forgotten_when_it_arrives() -> None:
    clock, lists, seller = FakeClock(), CountingLists(), uuid4()
    bus = RecordingBus()
    here, there = SellerWords(clock, bus), SellerWords(clock, bus)  # type: ignore[arg-type]
    assert await here.of(seller, lists) == await there.of(seller, lists) == ()
    lists.words[seller] = ("orbit",)
    await here.changed(seller)
    assert bus.published == [SellerWordsChanged(seller)]
    assert await here.of(seller, lists) == ("orbit",)
    assert await there.of(seller, lists) == ()  # the announcement has not arrived yet
    there.on_event(RoomChanged(uuid4()))  # not about a list
    assert await there.of(seller, lists) == ()
    for event in bus.published:
        there.on_event(event)
    assert await there.of(seller, lists) == ("orbit",)


async def test_every_list_is_forgotten_after_a_resubscription() -> None:
    clock, lists = FakeClock(), CountingLists()
    kept, sellers = SellerWords(clock), [uuid4(), uuid4()]
    for seller in sellers:
        await kept.of(seller, lists)
    kept.forget_all()
    for seller in sellers:
        await kept.of(seller, lists)
    assert lists.reads == 4
