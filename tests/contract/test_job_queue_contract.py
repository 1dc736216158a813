"""One suite, both job queues: the embedded in-process runner and SAQ on Redis with a worker."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from saq import Queue
from saq.job import Status
from saq.utils import now

from souk.adapters.inprocess.job_queue import InProcessJobQueue
from souk.adapters.saq.job_queue import FUNCTION, SaqJobQueue, saq_worker
from souk.application.ports.job_handler import JobDispatcher
from souk.application.ports.job_queue import JobAttempt, JobPayload, JobQueue, JobRequest
from tests.support import unique


class Recorder:
    """A dispatcher that records calls and fails the first ``fail_first`` attempts."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any], JobAttempt, datetime]] = []
        self.fail_first = 0
        self.done = asyncio.Event()

    async def dispatch(self, name: str, payload: JobPayload, attempt: JobAttempt) -> None:
        self.calls.append((name, dict(payload), attempt, datetime.now(UTC)))
        if len(self.calls) <= self.fail_first:
            raise RuntimeError("flaky")
        self.done.set()


async def wait_done(recorder: Recorder) -> None:
    await asyncio.wait_for(recorder.done.wait(), timeout=20)


@contextlib.asynccontextmanager
async def saq_queue(
    redis_url: str, recorder: JobDispatcher, sweep_s: int = 60, name: str | None = None, heartbeat_s: int = 2
) -> AsyncIterator[tuple[Queue, JobQueue]]:
    queue = Queue.from_url(redis_url, name=name or unique("q"))
    await queue.connect()
    worker = saq_worker(queue, recorder, sweep_s=sweep_s)
    task = asyncio.create_task(worker.start())
    try:
        yield queue, SaqJobQueue(queue, heartbeat_s=heartbeat_s)
    finally:
        await worker.stop()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await queue.disconnect()


@pytest.fixture(params=["inprocess", pytest.param("saq", marks=pytest.mark.redis)])
def queue_backend(request: pytest.FixtureRequest) -> str | None:
    """``None`` for the in-process runner, else the Redis URL (resolved outside the loop)."""
    return None if request.param == "inprocess" else str(request.getfixturevalue("redis_url"))


@pytest.fixture
async def harness(queue_backend: str | None) -> AsyncIterator[tuple[JobQueue, Recorder]]:
    recorder = Recorder()
    if queue_backend is None:
        runner = InProcessJobQueue(recorder, retry_delay_s=0.05)
        yield runner, recorder
        await runner.close()
    else:
        async with saq_queue(queue_backend, recorder) as (_, queue):
            yield queue, recorder


async def test_a_job_runs_with_its_payload(harness: tuple[JobQueue, Recorder]) -> None:
    queue, recorder = harness
    await queue.enqueue(JobRequest("demo.echo", {"x": 1, "s": "two"}))
    await wait_done(recorder)
    ((name, payload, attempt, _),) = recorder.calls
    assert (name, payload, attempt) == ("demo.echo", {"x": 1, "s": "two"}, JobAttempt(1, 3))


async def test_a_failing_job_is_retried(harness: tuple[JobQueue, Recorder]) -> None:
    queue, recorder = harness
    recorder.fail_first = 2
    await queue.enqueue(JobRequest("demo.flaky", max_attempts=3))
    await wait_done(recorder)
    assert [call[2] for call in recorder.calls] == [JobAttempt(1, 3), JobAttempt(2, 3), JobAttempt(3, 3)]


async def test_a_scheduled_job_waits_for_its_time(harness: tuple[JobQueue, Recorder]) -> None:
    queue, recorder = harness
    run_at = datetime.now(UTC) + timedelta(seconds=1.5)
    await queue.enqueue(JobRequest("offers.expire", {"offer_id": "o1"}, key="offer:o1", run_at=run_at))
    await wait_done(recorder)
    ((_, payload, _, ran_at),) = recorder.calls
    assert payload == {"offer_id": "o1"}
    assert ran_at >= run_at - timedelta(seconds=1)  # SAQ schedules at whole seconds


async def test_a_key_makes_enqueueing_idempotent(harness: tuple[JobQueue, Recorder]) -> None:
    queue, recorder = harness
    run_at = datetime.now(UTC) + timedelta(seconds=1)
    for _ in range(3):
        await queue.enqueue(JobRequest("offers.expire", {"offer_id": "o2"}, key="offer:o2", run_at=run_at))
    await wait_done(recorder)
    await asyncio.sleep(1.5)
    assert len(recorder.calls) == 1


@pytest.mark.redis
async def test_a_job_of_a_crashed_worker_is_retried_by_another(redis_url: str) -> None:
    name = unique("q")
    queue = Queue.from_url(redis_url, name=name)
    await queue.connect()
    try:
        await SaqJobQueue(queue, heartbeat_s=1).enqueue(JobRequest("media.process_video", {"job_id": "j1"}))
        # A worker takes the job exactly as SAQ's Worker.process does, then dies mid-job.
        taken = await queue.dequeue()
        assert taken is not None
        assert taken.function == FUNCTION
        taken.started = now()
        taken.attempts += 1
        await taken.update(status=Status.ACTIVE)
    finally:
        await queue.disconnect()

    recorder = Recorder()
    async with saq_queue(redis_url, recorder, sweep_s=1, name=name):
        await wait_done(recorder)
    ((job_name, payload, attempt, _),) = recorder.calls
    assert (job_name, payload, attempt) == ("media.process_video", {"job_id": "j1"}, JobAttempt(2, 3))


class SlowRecorder(Recorder):
    async def dispatch(self, name: str, payload: JobPayload, attempt: JobAttempt) -> None:
        self.calls.append((name, dict(payload), attempt, datetime.now(UTC)))
        await asyncio.sleep(5)
        self.done.set()


@pytest.mark.redis
async def test_a_long_job_of_a_live_worker_is_not_swept(redis_url: str) -> None:
    """The worker renews the job's heartbeat while it runs: a job 2.5 heartbeats long,
    with two workers sweeping every second, still runs once."""
    name, first, second = unique("q"), SlowRecorder(), SlowRecorder()
    async with (
        saq_queue(redis_url, first, sweep_s=1, name=name, heartbeat_s=2) as (_, queue),
        saq_queue(redis_url, second, sweep_s=1, name=name, heartbeat_s=2),
    ):
        await queue.enqueue(JobRequest("media.process_video", {"job_id": "long"}))
        waits = [asyncio.ensure_future(r.done.wait()) for r in (first, second)]
        await asyncio.wait(waits, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        for wait in waits:
            wait.cancel()
        await asyncio.sleep(2)  # a wrongful sweep would have started the job again by now
    assert first.done.is_set() or second.done.is_set()
    assert len(first.calls) + len(second.calls) == 1
