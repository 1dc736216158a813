"""Group commit of webhook deliveries: deliveries arriving while a batch runs are applied
together in the next one, each caller gets the results of its own items, a failing batch
is retried delivery by delivery (one bad event fails only its own delivery), and a
cancelled delivery never stalls the others."""

from __future__ import annotations

import asyncio

import pytest

from souk.application.payments.webhook_batches import WebhookBatches


class Recorder:
    def __init__(self, bad: frozenset[int] = frozenset()) -> None:
        self.batches: list[list[int]] = []
        self.bad = bad
        self.gate = asyncio.Event()
        self.gate.set()

    async def work(self, items: list[int]) -> list[int]:
        self.batches.append(list(items))
        await self.gate.wait()
        await asyncio.sleep(0)
        if self.bad & set(items):
            raise ValueError("a bad event")
        return [item * 10 for item in items]


async def test_deliveries_that_arrive_during_a_batch_share_the_next_one() -> None:
    batches: WebhookBatches[int, int] = WebhookBatches()
    recorder = Recorder()
    recorder.gate.clear()
    first = asyncio.create_task(batches.run([1], recorder.work))
    await asyncio.sleep(0.01)  # the first delivery leads and is stuck in its batch
    others = [asyncio.create_task(batches.run([n, n + 100], recorder.work)) for n in range(2, 6)]
    await asyncio.sleep(0.01)
    recorder.gate.set()
    assert await first == [10]
    assert [await task for task in others] == [[n * 10, (n + 100) * 10] for n in range(2, 6)]
    assert recorder.batches == [[1], [2, 102, 3, 103, 4, 104, 5, 105]]
    assert await batches.run([7], recorder.work) == [70]  # alone again: applied at once
    assert recorder.batches[-1] == [7]


async def test_a_batch_is_capped_and_the_rest_follow() -> None:
    batches: WebhookBatches[int, int] = WebhookBatches(limit=3)
    recorder = Recorder()
    recorder.gate.clear()
    tasks = [asyncio.create_task(batches.run([n], recorder.work)) for n in range(7)]
    await asyncio.sleep(0.01)
    recorder.gate.set()
    assert [await task for task in tasks] == [[n * 10] for n in range(7)]
    assert recorder.batches == [[0], [1, 2, 3], [4, 5, 6]]


async def test_a_bad_event_fails_only_its_own_delivery() -> None:
    batches: WebhookBatches[int, int] = WebhookBatches()
    recorder = Recorder(bad=frozenset({3}))
    recorder.gate.clear()
    first = asyncio.create_task(batches.run([1], recorder.work))
    await asyncio.sleep(0.01)
    others = [asyncio.create_task(batches.run([n], recorder.work)) for n in (2, 3, 4)]
    await asyncio.sleep(0.01)
    recorder.gate.set()
    assert await first == [10]
    results = await asyncio.gather(*others, return_exceptions=True)
    assert results[0] == [20]
    assert isinstance(results[1], ValueError)
    assert results[2] == [40]
    assert recorder.batches == [[1], [2, 3, 4], [2], [3], [4]]  # the batch failed: then one by one


async def test_a_cancelled_delivery_does_not_stall_the_others() -> None:
    batches: WebhookBatches[int, int] = WebhookBatches()
    recorder = Recorder()
    recorder.gate.clear()
    leader = asyncio.create_task(batches.run([1], recorder.work))
    await asyncio.sleep(0.01)
    waiting = [asyncio.create_task(batches.run([n], recorder.work)) for n in (2, 3)]
    await asyncio.sleep(0.01)
    waiting[0].cancel()  # gone before its batch ran
    leader.cancel()  # and the leader in the middle of its batch
    await asyncio.sleep(0.01)
    recorder.gate.set()
    with pytest.raises(asyncio.CancelledError):
        await leader
    with pytest.raises(asyncio.CancelledError):
        await waiting[0]
    assert await asyncio.wait_for(waiting[1], 1) == [30]
    assert await asyncio.wait_for(batches.run([9], recorder.work), 1) == [90]
