"""A seller's banned words are read once per TTL per process, and forgotten at once when
this process changes them."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

from souk.adapters.memory.clock import FakeClock
from souk.application.shared.seller_words import TTL, SellerWords


class CountingLists:
    def __init__(self) -> None:
        self.words: dict[UUID, tuple[str, ...]] = {}
        self.reads = 0

    async def banned_words_of(self, seller_id: UUID) -> tuple[str, ...]:
        self.reads += 1
        return self.words.get(seller_id, ())


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
