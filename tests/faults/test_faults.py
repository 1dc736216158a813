"""The fault suite: a deployment of our own (PostgreSQL, Redis, two ``souk serve``, workers)
under steady load, through a PostgreSQL restart, a 20 s PostgreSQL outage, a ``kill -9`` of
a worker mid-job and a ``kill -9`` of a server. Throughout: no 500 and no ``internal_error``
(an outage answers 503 ``dependency_unavailable`` or ``busy``), full recovery within 5 s
of the dependency's return, ``/ready`` saying what is true, and every acknowledged write
there afterwards with gapless sequence numbers. Each fault prints what it measured."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from tests.faults.deployment import Deployment, deployment
from tests.faults.load import RETRYABLE, Load, Outcome, Pair, Phone, Record, people, statuses
from tests.media_support import make_clip

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

WARMUP_S = 3.0
RECOVERY_LIMIT_S = 5.0  # the issue: every kind of request succeeds again within 5 s
SETTLE_S = RECOVERY_LIMIT_S + 3.0  # load kept running after the dependency's return
OUTAGE_S = 20.0
CRASH_LIMIT_S = 30.0  # presence corrected / job retried within 30 s of a kill -9
PAIRS = 4
DOORS = ("rest:me", "rest:post", "ws:send")


@pytest.fixture(scope="module")
def stack() -> Iterator[Deployment]:
    # Not under pytest's base temp: every pytest run on the machine resets that to 0700,
    # and PostgreSQL runs as nobody, who must reach its directory at each pg_ctl start.
    workdir = Path(tempfile.mkdtemp(prefix="souk-faults-"))
    workdir.chmod(0o755)
    try:
        with deployment(workdir) as running:
            running.start_server()
            running.start_server()
            running.start_worker()
            yield running
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
async def http(stack: Deployment) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"http://{stack.live_servers()[-1].address}", timeout=30) as client:
        yield client


def report(fault: str, record: Record, start: float, back: float | None, **extra: object) -> float:
    """Print what the fault cost; returns the seconds to full recovery (0 when nothing
    failed after the dependency came back)."""
    sent = record.between(start, float("inf"))
    failed = [o for o in sent if not o.ok]
    after_back = [o for o in failed if back is not None and o.sent >= back]
    recovery_s = max((o.sent - back for o in after_back), default=0.0) if back is not None else 0.0
    ready = [o for o in record.outcomes if o.door == "ready" and o.sent >= start]
    recovery = "n/a"
    if back is not None:
        last = max((o.sent for o in failed), default=None)
        recovery = f"{recovery_s:.1f} s after the dependency's return (pg_ctl took {back - start:.1f} s"
        recovery += f"; last failure sent {last - back:+.1f} s from its return)" if last is not None else ")"
    print(
        f"\nFAULT {fault}: requests {len(sent)} (REST {sum(o.door.startswith('rest') for o in sent)}, "
        f"WS {sum(o.door == 'ws:send' for o in sent)}), failed {len(failed)} {statuses(failed)}, "
        f"full recovery {recovery}; /ready polls {statuses(ready)}"
        + "".join(f"; {k.replace('_', ' ')} {v}" for k, v in extra.items())
    )
    return recovery_s


def assert_no_internal_errors(record: Record, stack: Deployment) -> None:
    broken = [o for o in record.outcomes if o.door != "ready" and (o.status >= 500 and o.status != 503)]
    broken += [o for o in record.outcomes if o.code == "internal_error" and o not in broken]
    assert not broken, (broken[:10], stack.error_lines())


def assert_outage_answers(failed: list[Outcome]) -> None:
    """A failure during a dependency's outage is a 503 the client may retry, never a hang."""
    wrong = [o for o in failed if o.status != 503 or o.code not in RETRYABLE]
    assert not wrong, wrong[:10]


def assert_recovered(record: Record, back: float, recovery_s: float) -> None:
    assert recovery_s <= RECOVERY_LIMIT_S, statuses(o for o in record.between(back, float("inf")) if not o.ok)
    for door in DOORS:
        after = record.between(back + recovery_s, float("inf"), (door,))
        assert after, f"no {door} sent after recovery"
        assert all(o.ok for o in after), [o for o in after if not o.ok][:5]


def assert_ready_after(record: Record, since: float) -> None:
    late = [o for o in record.outcomes if o.door == "ready" and o.sent >= since]
    assert late
    assert all(o.status == 200 for o in late), [o for o in late if o.status != 200][:5]


async def assert_writes_kept(http: httpx.AsyncClient, load: Load) -> None:
    """Every acknowledged message is stored, with its sequence number, without gaps; every
    phone holds them all (live, or through ``sync`` after a reconnect)."""
    record = load.record
    for pair in load.pairs:
        acked = record.acked.get(pair.conversation, {})
        stored = await history(http, pair)
        seqs = sorted(stored)
        assert seqs == list(range(1, len(seqs) + 1)), f"gaps in {pair.conversation}: {seqs}"
        missing = {seq: id_ for seq, id_ in acked.items() if stored.get(seq) != id_}
        assert not missing, missing
    for phone in load.phones:
        acked_max = max(record.acked.get(phone.conversation, {0: ""}))
        lost = set(range(1, acked_max + 1)) - phone.seen
        assert not lost, f"phone of {phone.person.id} lacks {sorted(lost)[:20]}"


async def history(http: httpx.AsyncClient, pair: Pair) -> dict[int, str]:
    stored: dict[int, str] = {}
    after = 0
    while True:
        response = await http.get(
            f"/api/v1/conversations/{pair.conversation}/messages",
            params={"after_seq": after, "limit": 100},
            headers=pair.sender.auth,
        )
        assert response.status_code == 200, response.text
        items = response.json()["items"]
        if not items:
            return stored
        stored.update({int(m["seq"]): m["id"] for m in items})
        after = max(int(m["seq"]) for m in items)


def addresses(stack: Deployment) -> list[str]:
    return [s.address for s in stack.live_servers()]


async def test_postgres_restart(stack: Deployment, http: httpx.AsyncClient) -> None:
    record = Record()
    async with Load(addresses(stack), await people(http, PAIRS), record) as load:
        await asyncio.sleep(WARMUP_S)
        start = time.monotonic()
        await asyncio.to_thread(stack.postgres.restart)
        back = time.monotonic()
        await asyncio.sleep(SETTLE_S)
    recovery_s = report("postgres restart (pg_ctl restart -m fast)", record, start, back)
    assert_no_internal_errors(record, stack)
    assert_outage_answers([o for o in record.between(start, float("inf")) if not o.ok])
    assert_recovered(record, back, recovery_s)
    assert_ready_after(record, back + RECOVERY_LIMIT_S)
    assert all(phone.reconnects == 0 for phone in load.phones), "sockets stay open through the restart"
    await assert_writes_kept(http, load)


async def test_postgres_down_for_20_seconds(stack: Deployment, http: httpx.AsyncClient) -> None:
    record = Record()
    async with Load(addresses(stack), await people(http, PAIRS), record) as load:
        await asyncio.sleep(WARMUP_S)
        start = time.monotonic()
        await asyncio.to_thread(stack.postgres.stop)
        down = time.monotonic()
        await asyncio.sleep(OUTAGE_S)
        starting = time.monotonic()  # PostgreSQL accepts connections a little before start() returns
        await asyncio.to_thread(stack.postgres.start)
        back = time.monotonic()
        await asyncio.sleep(SETTLE_S)
    during = [o for o in record.between(down + 1, back) if not o.ok]
    recovery_s = report("postgres down 20 s", record, start, back, failed_while_down=len(during))
    assert_no_internal_errors(record, stack)
    assert during, "the outage was not noticed at all"
    assert_outage_answers([o for o in record.between(start, float("inf")) if not o.ok])
    assert_recovered(record, back, recovery_s)
    polls = [o for o in record.outcomes if o.door == "ready" and down + 1 <= o.sent < starting]
    assert polls
    wrong = [o for o in polls if o.status != 503 or "database" not in (o.code or "").split(",")]
    assert not wrong, f"/ready during the outage: {wrong[:5]}"
    assert_ready_after(record, back + RECOVERY_LIMIT_S)
    assert all(phone.reconnects == 0 for phone in load.phones), "sockets stay open through the outage"
    await assert_writes_kept(http, load)


async def test_worker_killed_mid_job_is_retried_by_another(
    stack: Deployment, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    stack.start_worker()  # two workers now: whichever takes the job is killed
    clip = make_clip(tmp_path / "clip.mp4", 320, 240, 1.0)
    record = Record()
    pairs = await people(http, PAIRS)
    owner = pairs[0].sender
    async with Load(addresses(stack), pairs, record):
        stack.ffmpeg_hold.touch()
        job_id = await start_video_job(http, owner.auth, clip.path.read_bytes(), clip.content_type)
        victim_pid = await first_ffmpeg_caller(stack)
        (victim,) = [w for w in stack.live_workers() if w.pid == victim_pid]
        start = time.monotonic()
        victim.kill()
        killed = time.monotonic()
        stack.ffmpeg_hold.unlink()  # the retry runs at full speed
        status, retried = await wait_for_job(http, owner.auth, job_id, stack, victim_pid)
        done = time.monotonic()
    survivors = {w.pid for w in stack.live_workers()}
    callers = [int(line) for line in stack.ffmpeg_calls.read_text().split()]
    report(
        "kill -9 of a worker mid-job",
        record,
        start,
        None,
        job_retried_after_s=f"{retried - killed:.1f}",
        job_done_after_s=f"{done - killed:.1f}",
    )
    assert_no_internal_errors(record, stack)
    assert not [o for o in record.between(start, float("inf")) if not o.ok]
    assert status["status"] == "succeeded", status
    assert status["error"] is None
    assert status["outputs"]["hls_url"]
    assert retried - killed <= CRASH_LIMIT_S
    assert callers[0] == victim_pid
    assert set(callers[1:]) <= survivors, "the job ran again on a live worker, and only there"


async def start_video_job(http: httpx.AsyncClient, auth: dict[str, str], data: bytes, content_type: str) -> str:
    body = {"kind": "video", "files": [{"content_type": content_type, "size_bytes": len(data), "filename": "v"}]}
    response = await http.post("/api/v1/media/upload-url", json=body, headers=auth)
    assert response.status_code == 201, response.text
    (upload,) = response.json()["uploads"]
    url = httpx.URL(upload["url"])
    put = await http.put(url.raw_path.decode(), content=data, headers=dict(upload["headers"]))
    assert put.status_code == 200, put.text
    started = await http.post("/api/v1/media/video/process", json={"media_id": upload["media_id"]}, headers=auth)
    assert started.status_code == 202, started.text
    job_id: str = started.json()["job_id"]
    return job_id


async def first_ffmpeg_caller(stack: Deployment, timeout_s: float = 60) -> int:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if stack.ffmpeg_calls.exists() and (lines := stack.ffmpeg_calls.read_text().split()):
            return int(lines[0])
        await asyncio.sleep(0.1)
    raise AssertionError("no worker started the video job")


async def wait_for_job(
    http: httpx.AsyncClient, auth: dict[str, str], job_id: str, stack: Deployment, victim_pid: int
) -> tuple[dict[str, Any], float]:
    """The job's final status, and when a worker other than the victim started it again."""
    retried = 0.0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if not retried and any(int(pid) != victim_pid for pid in stack.ffmpeg_calls.read_text().split()):
            retried = time.monotonic()
        response = await http.get(f"/api/v1/media/status/{job_id}", headers=auth)
        assert response.status_code == 200, response.text
        status: dict[str, Any] = response.json()
        if status["status"] in ("succeeded", "failed"):
            return status, retried or time.monotonic()
        await asyncio.sleep(0.2)
    raise AssertionError("the video job never finished")


async def test_server_killed(stack: Deployment, http: httpx.AsyncClient) -> None:
    victim, survivor = stack.live_servers()
    record = Record()
    pairs = await people(http, PAIRS + 1)
    gone = pairs.pop()  # its phone is on the victim and never comes back (its owner walked away)
    async with Load([victim.address, survivor.address], pairs, record) as load:
        watcher = Phone(gone.receiver, gone.conversation, load, survivor.address)
        await watcher.start()
        async with websockets.connect(f"ws://{victim.address}/ws?token={gone.sender.token}") as lost:
            await lost.recv()  # connected
            await asyncio.sleep(WARMUP_S)
            moved = [p for p in load.phones if p.server == victim.address]
            start = time.monotonic()
            victim.kill()
            killed = time.monotonic()
            load.servers.remove(victim.address)  # the load balancer's health check drops it
            offline_after = await seen_offline(watcher, gone.sender.id, killed)
        reconnected_after = max((p.reconnected_at - killed for p in load.phones if p.reconnects), default=0.0)
        await asyncio.sleep(3)
        await watcher.stop()
    failed = [o for o in record.between(start, float("inf")) if not o.ok]
    recovery_s = max((o.sent - killed for o in failed), default=0.0)
    report(
        "kill -9 of a server",
        record,
        start,
        None,
        clients_reconnected_within_s=f"{reconnected_after:.1f}",
        last_failure_after_s=f"{recovery_s:.1f}",
        partner_saw_offline_after_s=f"{offline_after:.1f}",
    )
    assert_no_internal_errors(record, stack)
    assert all(o.status in (0, 503) for o in failed), failed[:10]  # in flight on the dead server
    assert moved
    assert all(p.reconnects == 1 for p in moved)
    assert recovery_s <= RECOVERY_LIMIT_S
    assert offline_after <= CRASH_LIMIT_S
    load_people = {p.person.id for p in load.phones}
    assert not any(load_people & phone.offline_seen.keys() for phone in load.phones), "reconnected users stay online"
    await assert_writes_kept(http, load)


async def seen_offline(watcher: Phone, user_id: str, since: float) -> float:
    deadline = since + CRASH_LIMIT_S + 15
    while time.monotonic() < deadline:
        if user_id in watcher.offline_seen:
            return float(watcher.offline_seen[user_id] - since)
        await asyncio.sleep(0.2)
    raise AssertionError(f"the partner never saw {user_id} go offline")
