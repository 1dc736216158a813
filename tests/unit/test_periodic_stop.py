"""A background loop stops within its grace even when a round will not be cancelled (a
client that swallows the cancellation): the server's shutdown never hangs on it, and the
stubborn round, once it ends, starts no other."""

from __future__ import annotations

import asyncio
import time

import pytest

from souk.bootstrap import background
from souk.bootstrap.background import Periodic


async def test_a_round_that_swallows_its_cancellation_does_not_hang_the_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(background, "STOP_GRACE_S", 0.2)
    entered = asyncio.Event()

    rounds = 0

    async def stubborn() -> None:
        nonlocal rounds
        rounds += 1
        entered.set()
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            await asyncio.sleep(0.5)  # what a misbehaving client does: it goes on with its read

    loop = Periodic("stubborn", 0.01, stubborn)
    loop.start()
    await asyncio.wait_for(entered.wait(), 2)
    started = time.monotonic()
    await loop.stop()
    assert time.monotonic() - started < 0.45
    task = loop._task
    assert task is not None
    done, _ = await asyncio.wait({task}, timeout=2)  # the swallowed round ends, and the loop with it
    assert done == {task}, "the stubborn round ended and the loop began another"
    assert rounds == 1


async def test_a_well_behaved_loop_stops_at_once() -> None:
    rounds = 0

    async def work() -> None:
        nonlocal rounds
        rounds += 1

    loop = Periodic("fine", 0.01, work)
    loop.start()
    await asyncio.sleep(0.05)
    started = time.monotonic()
    await loop.stop()
    assert time.monotonic() - started < 0.1
    assert rounds >= 1
