"""Going live with 100,000 followers on PostgreSQL (issue 8): how long until every fan-out
job is enqueued, and until every notification record is written, with two ``souk worker``
processes — against the floor, the database alone writing the same rows with one
``INSERT … SELECT`` through ``psql``.

Souk's path is the production one: the ``stream.live`` event is recorded and committed as the
streams feature does, the notification consumer's step (``DeliverEvent``) runs in this
process as it would in a server process and enqueues the plan job on Redis (SAQ); the two
workers run the plan (the followers with the type switched on get their notifications in one
``INSERT … SELECT``, then one window query cuts them into batches of 5,000, one delivery job
per batch) and the delivery jobs (read the batch's notifications nobody was told of yet,
``notification:new`` to the online ones, pushes to the offline ones with devices).
"enqueued" is when the plan job has completed (every delivery job is on the queue);
"delivered" is when the table holds every record; "done" when the queue is empty (every
frame and push sent). PostgreSQL CPU: the backends' from ``/proc`` over Souk's round (until
written and until done); the floor's backend reads its own before it exits.

The floor writes the same rows (same join and settings filter, ids from
``gen_random_uuid()``) in one statement, no jobs, no round trips. Between runs the
notifications table is truncated; Souk and the floor alternate. Workers run on the server
core, PostgreSQL's backends on the other (pinned after a warm-up round).
Run: ``uv run --group bench python benchmarks/run.py --only notifications_fanout [--quick]``."""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import asyncpg
from redis.asyncio import Redis
from saq import Queue

from harness.report import fmt, median, spread
from harness.scratch_db import ScratchDatabase, scratch_database
from souk.application.events import EventRecorder
from souk.application.notifications.deliver_event import DeliverEvent
from souk.application.ports.outbox import OutboxEntry
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.ids import new_id
from souk.bootstrap.container import build_container
from souk.bootstrap.migrations import migrate
from souk.bootstrap.providers.jobs import SAQ_QUEUE_NAME
from souk.bootstrap.settings import Settings
from souk.domain.accounts.notifications import default_settings
from souk.domain.streams.events import StreamWentLive
from souk.domain.streams.settings import Audience

SOUK, FLOOR = "souk", "floor (psql INSERT … SELECT)"
REDIS = "redis://127.0.0.1:6379"
WORKERS = 2


@dataclass(frozen=True)
class Plan:
    rounds: int
    followers: int


FULL = Plan(rounds=5, followers=100_000)
QUICK = Plan(rounds=2, followers=10_000)


def run(*, quick: bool, rounds: int | None, server_core: int, load_core: int, results_dir: Path) -> str:
    plan = QUICK if quick else FULL
    plan = replace(plan, rounds=rounds) if rounds else plan
    print(f"notifications fan-out: {plan}")
    with scratch_database() as db, claimed_redis_db() as redis_url, tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            data_dir=Path(data_dir),
            database_url=db.url(),
            redis_url=redis_url,
            jwt_secret=secrets.token_urlsafe(48),
            log_format="json",
            log_level="WARNING",
        )
        asyncio.run(migrate(settings))
        seller = asyncio.run(seed(db, plan.followers))
        print(f"seeded {plan.followers:,} followers")
        with workers(settings, server_core, results_dir):
            samples = asyncio.run(measure(settings, db, seller, plan, load_core))
    report = render(samples, plan)
    (results_dir / "notifications_fanout.md").write_text(report + "\n")
    (results_dir / "notifications_fanout.json").write_text(json.dumps({"plan": asdict(plan), "samples": samples}))
    return report


async def seed(db: ScratchDatabase, followers: int) -> UUID:
    """A seller and ``followers`` users following them, by COPY (1 % switched the type off)."""
    conn = await asyncpg.connect(db.url("postgresql"))
    try:
        now = time.time()
        from datetime import UTC, datetime

        at = datetime.fromtimestamp(now, UTC)
        on, off = json.dumps(default_settings()), json.dumps({**default_settings(), "followed_seller_live": False})
        seller = new_id()
        ids = [seller, *(new_id() for _ in range(followers))]
        columns = ["id", "username", "display_name", "password_hash", "phone_verified", "bio", "seller_tier", "role"]
        columns += ["notification_settings", "followers_count", "following_count", "listings_count", "sold_count"]
        columns += ["created_at", "updated_at"]
        rows = [
            (
                u,
                f"f{u.hex[-24:]}",
                "Fan",
                "x",
                False,
                "",
                "free",
                "user",
                off if n % 100 == 1 else on,
                0,
                0,
                0,
                0,
                at,
                at,
            )
            for n, u in enumerate(ids)
        ]
        await conn.copy_records_to_table("users", records=rows, columns=columns)
        await conn.copy_records_to_table(
            "follows", records=[(u, seller, at) for u in ids[1:]], columns=["follower_id", "followee_id", "created_at"]
        )
        await conn.execute("VACUUM ANALYZE users, follows")
        return seller
    finally:
        await conn.close()


@contextmanager
def claimed_redis_db() -> Iterator[str]:
    """A Redis logical database nobody else uses now (the test suites' claim scheme)."""

    async def claim() -> tuple[int, str]:
        token, client = secrets.token_hex(8), Redis.from_url(f"{REDIS}/0")
        try:
            for db in random.sample(range(1, 16), 15):
                if await client.set(f"souk-test:claim:{db}", token, nx=True, ex=3600):
                    await Redis.from_url(f"{REDIS}/{db}").flushdb()
                    return db, token
        finally:
            await client.aclose()
        raise RuntimeError("every Redis database 1-15 is claimed")

    async def release(db: int, token: str) -> None:
        client = Redis.from_url(f"{REDIS}/0")
        try:
            await Redis.from_url(f"{REDIS}/{db}").flushdb()
            if await client.get(f"souk-test:claim:{db}") == token.encode():
                await client.delete(f"souk-test:claim:{db}")
        finally:
            await client.aclose()

    db, token = asyncio.run(claim())
    try:
        yield f"{REDIS}/{db}"
    finally:
        asyncio.run(release(db, token))


@contextmanager
def workers(settings: Settings, core: int, log_dir: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    env = {
        **os.environ,
        "SOUK_DATA_DIR": str(settings.data_dir),
        "SOUK_DATABASE_URL": settings.database_url,
        "SOUK_REDIS_URL": settings.redis_url or "",
        "SOUK_JWT_SECRET": settings.jwt_secret,
        "SOUK_AUTO_MIGRATE": "false",
        "SOUK_LOG_LEVEL": "WARNING",
        "SOUK_LOG_FORMAT": "json",
        "SOUK_WORKER_CONCURRENCY": "1",
    }
    procs = []
    for n in range(WORKERS):
        log = (log_dir / f"bench-worker-{n}.log").open("wb")
        argv = ["taskset", "-c", str(core), sys.executable, "-m", "souk", "worker"]
        procs.append(subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT))
    time.sleep(3)  # import, connect, register with the queue
    for proc in procs:
        if proc.poll() is not None:
            raise RuntimeError(f"a worker exited with {proc.returncode}; see {log_dir}/bench-worker-*.log")
    try:
        yield procs
    finally:
        for proc in procs:
            proc.send_signal(2)
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


async def measure(settings: Settings, db: ScratchDatabase, seller: UUID, plan: Plan, load_core: int) -> dict[str, Any]:
    expected = plan.followers - plan.followers // 100
    container = build_container(settings)
    queue = Queue.from_url(settings.redis_url or "", name=SAQ_QUEUE_NAME)
    await queue.connect()
    conn = await asyncpg.connect(db.url("postgresql"))
    samples: dict[str, list[dict[str, float]]] = {SOUK: [], FLOOR: []}
    try:
        await souk_round(container, queue, conn, seller, expected)  # warm-up: pools, caches
        await db._pin_backends(load_core)  # inside this loop: the async half of pin_backends
        for n in range(plan.rounds):
            for side in (SOUK, FLOOR) if n % 2 == 0 else (FLOOR, SOUK):
                await conn.execute("TRUNCATE notifications")
                if side == SOUK:
                    sample = await souk_round(container, queue, conn, seller, expected)
                else:
                    sample = floor_round(db, seller, expected)
                print(f"round {n + 1} {side}: {sample}")
                samples[side].append(sample)
    finally:
        await conn.close()
        await queue.disconnect()
        await container.close()
    return samples


async def souk_round(container: Any, queue: Queue, conn: Any, seller: UUID, expected: int) -> dict[str, float]:
    stream_id = new_id()
    pg_cpu_before = await backends_cpu_s(conn)
    started = time.perf_counter()
    async with container() as request:  # what the streams feature does at go-live
        recorder = await request.get(EventRecorder)
        started_at = datetime(2026, 11, 22, 10, tzinfo=UTC)
        live = StreamWentLive(stream_id, seller, "Live now", Audience.EVERYONE, True, False, started_at)
        await recorder.record(live)
        entry: OutboxEntry = recorder._pending[0]  # the entry the consumer would claim
        await (await request.get(UnitOfWork)).commit()
        await recorder.publish()
    async with container() as request:  # the consumer's step, as in a server process
        await (await request.get(DeliverEvent))(entry)
    enqueued = delivered = None
    pg_cpu_written = 0.0
    plan_key = f"live-fan-out:{entry.id}"
    while delivered is None:
        now = time.perf_counter()
        if now - started > 300:
            raise RuntimeError("fan-out did not finish in 300 s; see the worker logs")
        if enqueued is None:
            job = await queue.job(plan_key)
            if job is not None and job.status.value == "complete":
                enqueued = now - started
            elif job is not None and job.status.value == "failed":
                raise RuntimeError(f"the plan job failed: {job.error}")
        count = await conn.fetchval("SELECT count(*) FROM notifications WHERE source_event_id = $1", entry.id)
        if count >= expected:
            delivered = now - started
            pg_cpu_written = await backends_cpu_s(conn) - pg_cpu_before
            if enqueued is None:
                enqueued = delivered
        else:
            await asyncio.sleep(0.02)
    while await queue.count("queued") + await queue.count("active") > 0:  # frames and pushes sent
        if time.perf_counter() - started > 300:
            raise RuntimeError("the delivery jobs did not finish in 300 s; see the worker logs")
        await asyncio.sleep(0.02)
    done = time.perf_counter() - started
    pg_cpu = await backends_cpu_s(conn) - pg_cpu_before
    return {
        "enqueue_s": enqueued,
        "deliver_s": delivered,
        "done_s": done,
        "rows_per_s": expected / delivered,
        "pg_cpu_written_per_100k_s": pg_cpu_written * 100_000 / expected,
        "pg_cpu_per_100k_s": pg_cpu * 100_000 / expected,
    }


async def backends_cpu_s(conn: Any) -> float:
    """CPU seconds used so far by the database's backends (the workers' pooled connections
    live through a round; a backend that exits takes its share with it)."""
    pids = [r["pid"] for r in await conn.fetch("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")]
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def floor_round(db: ScratchDatabase, seller: UUID, expected: int) -> dict[str, float]:
    data = json.dumps({"stream_id": str(new_id()), "seller_id": str(seller), "title": "Live now"})
    sql = (
        "INSERT INTO notifications (id, user_id, type, data, source_event_id, created_at) "
        f"SELECT gen_random_uuid(), f.follower_id, 'followed_seller_live', '{data}'::json, '{new_id()}', now() "
        "FROM follows f JOIN users u ON u.id = f.follower_id "
        f"WHERE f.followee_id = '{seller}' "
        "AND CAST(u.notification_settings ->> 'followed_seller_live' AS BOOLEAN) IS NOT false"
    )
    out = subprocess.run(
        [
            "psql",
            "-h",
            db.host,
            "-p",
            str(db.port),
            "-U",
            db.user,
            "-d",
            db.name,
            "-X",
            "-q",
            "-c",
            "\\timing on",
            "-c",
            sql,
            "-c",  # the backend's own CPU (utime, stime), read before it exits: superuser only
            "SELECT 'cpu:' || pg_read_file('/proc/' || pg_backend_pid() || '/stat')",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    inserted = re.search(r"INSERT 0 (\d+)", out)
    if inserted is not None and int(inserted.group(1)) != expected:
        raise RuntimeError(f"floor inserted {inserted.group(1)} rows, expected {expected}")
    ms = float(re.findall(r"Time: ([\d.]+) ms", out)[0])
    stat = re.search(r"cpu:\d+ \(.*\) (.*)", out)
    pg_cpu = float("nan")
    if stat is not None:
        fields = stat.group(1).split()
        pg_cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") * 100_000 / expected
    nan = float("nan")
    return {
        "enqueue_s": nan,
        "deliver_s": ms / 1000,
        "done_s": nan,
        "rows_per_s": expected / (ms / 1000),
        "pg_cpu_written_per_100k_s": pg_cpu,
        "pg_cpu_per_100k_s": pg_cpu,
    }


def render(samples: dict[str, list[dict[str, float]]], plan: Plan) -> str:
    lines = [
        f"### Going live: fan-out to {plan.followers:,} followers (PostgreSQL, {WORKERS} workers, "
        f"{plan.rounds} rounds)",
        "",
        f"| metric | {SOUK} median [min–max] | {FLOOR} median [min–max] | {SOUK}/floor |",
        "| --- | ---: | ---: | ---: |",
    ]
    for key, label, higher in (
        ("enqueue_s", "every batch job enqueued (s)", False),
        ("deliver_s", "every notification record written (s)", False),
        ("rows_per_s", "records per second", True),
        ("done_s", "every delivery job done: frames and pushes sent (s)", False),
        ("pg_cpu_written_per_100k_s", "PostgreSQL CPU per 100,000 records, until written (s)", False),
        ("pg_cpu_per_100k_s", "PostgreSQL CPU per 100,000 records, until done (s)", False),
    ):
        cells = []
        for side in (SOUK, FLOOR):
            values = [s[key] for s in samples[side] if s[key] == s[key]]
            if not values:
                cells.append("—")
                continue
            lo, hi = spread([{key: v} for v in values], key)
            cells.append(f"{fmt(median([{key: v} for v in values], key))} [{fmt(lo)}–{fmt(hi)}]")
        ratio = "—"
        if "—" not in cells:
            ratio_value = median(samples[SOUK], key) / median(samples[FLOOR], key)
            ratio = f"{fmt(ratio_value)}× ({'higher' if higher else 'lower'} is better)"
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {ratio} |")
    return "\n".join(lines)
