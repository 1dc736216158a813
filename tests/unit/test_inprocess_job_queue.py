"""The embedded job runner holds jobs for later in one heap under one timer: an open
offer's expiry, a day ahead, is not a parked task (and its ~15 objects) of its own."""

from __future__ import annotations

import asyncio
import gc
from datetime import UTC, datetime, timedelta

from souk.adapters.inprocess.job_queue import InProcessJobQueue
from souk.application.ports.job_queue import JobAttempt, JobPayload, JobRequest


class Calls:
    def __init__(self) -> None:
        self.names: list[str] = []

    async def dispatch(self, name: str, payload: JobPayload, attempt: JobAttempt) -> None:
        self.names.append(name)


async def test_jobs_for_later_hold_no_task_each_and_close_releases_their_keys() -> None:
    calls = Calls()
    queue = InProcessJobQueue(calls)
    before = len(asyncio.all_tasks())
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    for n in range(1000):
        await queue.enqueue(JobRequest("expire", {"n": n}, key=f"offer:{n}", run_at=tomorrow))
    assert len(asyncio.all_tasks()) == before
    await queue.close()
    await queue.enqueue(JobRequest("expire", key="offer:0", run_at=datetime.now(UTC)))  # the key is free again
    await queue.drain()
    assert calls.names == ["expire"]


async def test_jobs_for_later_run_in_the_order_they_fall_due() -> None:
    calls = Calls()
    queue = InProcessJobQueue(calls, concurrency=1)
    now = datetime.now(UTC)
    await queue.enqueue(JobRequest("third", run_at=now + timedelta(seconds=0.3)))
    await queue.enqueue(JobRequest("second", run_at=now + timedelta(seconds=0.2)))
    await queue.enqueue(JobRequest("first", run_at=now + timedelta(seconds=0.1)))  # re-arms the timer earlier
    await queue.enqueue(JobRequest("now"))
    await asyncio.sleep(0.15)
    assert calls.names == ["now", "first"]
    await queue.drain()
    assert calls.names == ["now", "first", "second", "third"]
    await queue.close()


async def test_parked_jobs_are_invisible_to_the_garbage_collector() -> None:
    """A full collection walks every tracked object: 1,000 parked jobs add none to walk."""
    queue = InProcessJobQueue(Calls())
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    jobs = [JobRequest("expire", {"offer_id": f"o{n}"}, key=f"offer:{n}", run_at=tomorrow) for n in range(1000)]
    gc.collect()
    before = len(gc.get_objects())
    for job in jobs:
        await queue.enqueue(job)
    del jobs
    gc.collect()
    assert len(gc.get_objects()) - before < 50
    await queue.close()
