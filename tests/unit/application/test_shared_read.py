"""A read shared by the callers that arrive together: one read for all of them, of the
combined argument, never started before a caller asked (issue 19)."""

from __future__ import annotations

import asyncio

import pytest

from souk.application.shared.shared_read import SharedRead


class Source:
    def __init__(self) -> None:
        self.value = "a"
        self.asked: list[int] = []
        self.started = asyncio.Event()
        self.release = asyncio.Event()

    async def read(self, argument: int) -> tuple[str, int]:
        self.asked.append(argument)
        seen = self.value  # what was there when the read began
        self.started.set()
        await self.release.wait()
        self.release.clear()
        if seen == "down":
            raise RuntimeError("source away")
        return seen, argument


async def test_callers_arriving_together_share_one_read_of_the_combined_argument() -> None:
    source, shared = Source(), SharedRead[int, tuple[str, int]](max)
    callers = [asyncio.create_task(shared(n, source.read)) for n in (3, 10, 5)]
    await source.started.wait()
    source.release.set()
    assert await asyncio.gather(*callers) == [("a", 10)] * 3
    assert source.asked == [10]


async def test_a_caller_arriving_during_a_read_gets_the_next_one() -> None:
    source, shared = Source(), SharedRead[int, tuple[str, int]](min)
    early = asyncio.create_task(shared(4, source.read))
    await source.started.wait()
    source.started.clear()
    source.value = "b"  # changed while the first read is in flight
    late = [asyncio.create_task(shared(n, source.read)) for n in (9, 7)]
    await asyncio.sleep(0)
    source.release.set()
    assert await early == ("a", 4)
    await source.started.wait()
    source.release.set()
    assert await asyncio.gather(*late) == [("b", 7)] * 2  # not the read that began before they asked
    assert source.asked == [4, 7]


async def test_a_failed_read_fails_its_callers_and_the_next_read_runs() -> None:
    source, shared = Source(), SharedRead[int, tuple[str, int]](max)
    source.value = "down"
    failed = asyncio.create_task(shared(1, source.read))
    await source.started.wait()
    source.started.clear()
    source.release.set()
    with pytest.raises(RuntimeError):
        await failed
    source.value = "c"
    again = asyncio.create_task(shared(2, source.read))
    await source.started.wait()
    source.release.set()
    assert await again == ("c", 2)
