"""Where a chat message's server CPU goes (issue 19): the ``ws_chat`` set-up (a scratch
database and ``redis-server``, seeded pairs, one conversation per pair, senders on process
A, receivers on process B, optionally a bystander process C holding one idle socket), a
fixed rate open loop, with ``py-spy record`` sampling every server process. Writes one
collapsed-stack file per process (``results/chat_profile-<a|b|c>.txt``) and prints the
hottest frames of each by self and by inclusive share, and the CPU per 1,000 messages.

``uv run --group bench --with py-spy python benchmarks/profiling/chat_profile.py [--rate 150]
[--seconds 20] [--bystander]`` (run it under ``flock /work/bench.lock``)."""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
from redis.asyncio import Redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.scratch_db import ScratchDatabase, scratch_database
from harness.scratch_redis import scratch_redis
from harness.wsload import WsLoad, raise_nofile
from souk.bootstrap.migrations import migrate
from souk.bootstrap.settings import Settings
from users_me import POOL_SIZE, seed, write_tokens
from ws_chat import Side, chat_plan, conversations, settle
from ws_servers import souk_server, ws_url

PAIRS = 200


def hottest(path: Path, top: int) -> str:
    """The frames with the most samples: self (the leaf) and inclusive (anywhere on the stack)."""
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        own[frames[-1]] += n
        for frame in set(frames):
            inclusive[frame] += n
    lines = [f"{path.name}: {total} samples", "  self:"]
    lines += [f"    {n / total:6.1%} {f[:160]}" for f, n in own.most_common(top)]
    lines.append("  inclusive:")
    lines += [f"    {n / total:6.1%} {f[:160]}" for f, n in inclusive.most_common(top * 2)]
    return "\n".join(lines)


async def work_counts(db: ScratchDatabase, redis_url: str) -> dict[str, float]:
    """Counters of the run's database and Redis: transactions, rows written and index or
    table scans per table (PostgreSQL's statistics), calls per Redis command."""
    counts: dict[str, float] = {}
    conn = await asyncpg.connect(host=db.host, port=db.port, user=db.user, database=db.name)
    try:
        row = await conn.fetchrow("SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = $1", db.name)
        counts["pg transactions"] = float(row["xact_commit"] + row["xact_rollback"])
        tables = await conn.fetch(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del, coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS scans"
            " FROM pg_stat_user_tables"
        )
        for t in tables:
            for column in ("n_tup_ins", "n_tup_upd", "n_tup_del", "scans"):
                counts[f"pg {t['relname']} {column.removeprefix('n_tup_')}"] = float(t[column])
    finally:
        await conn.close()
    redis = Redis.from_url(redis_url)
    try:
        for command, stats in (await redis.info("commandstats")).items():
            counts[f"redis {command.removeprefix('cmdstat_')}"] = float(stats["calls"])
    finally:
        await redis.aclose()
    return counts


def system_seconds(pid: int) -> float:
    """The kernel's share of a process's CPU (stime: system calls, the network stack)."""
    with open(f"/proc/{pid}/stat") as f:
        raw = f.read()
    return int(raw[raw.rindex(")") + 2 :].split()[12]) / os.sysconf("SC_CLK_TCK")


def per_message(before: dict[str, float], after: dict[str, float], sent: float) -> str:
    lines = ["work per message (PostgreSQL statistics, Redis commandstats):"]
    for key in sorted(after):
        delta = after[key] - before.get(key, 0.0)
        if delta:
            lines.append(f"  {delta / sent:7.3f} {key}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=150)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--bystander", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--no-profile", action="store_true", help="only the CPU figures")
    parser.add_argument("--count", action="store_true", help="also PostgreSQL and Redis work per message")
    args = parser.parse_args()
    results = Path(__file__).resolve().parents[1] / "results"
    results.mkdir(exist_ok=True)
    raise_nofile()
    secret = secrets.token_urlsafe(48)
    py_spy = shutil.which("py-spy")
    with scratch_database() as db, scratch_redis(1) as redis_url:
        settings = Settings(database_url=db.url(), jwt_secret=secret, db_pool_size=POOL_SIZE)
        asyncio.run(migrate(settings))
        ids = asyncio.run(seed(settings, PAIRS * 2 + 2))
        tokens_file = results / "chat_profile.tokens"
        write_tokens(tokens_file, ids, secret)
        tokens = tokens_file.read_text().split()
        tokens_file.unlink()
        names = "abc" if args.bystander else "ab"
        servers = [souk_server(f"chat_profile-{n}", db, secret, redis_url, 0, results) for n in names]
        side = Side("souk", (servers[0], servers[1]))
        idle: WsLoad | None = None
        try:
            for server in servers:
                server.start(timeout=180)
            pairs = conversations(servers[0], tokens, PAIRS)
            side.load = WsLoad([chat_plan("souk", servers[0], servers[1], pairs)], 1).__enter__()
            if args.bystander:
                plan = {"mode": "idle", "protocol": "souk", "base": ws_url(servers[2]), "tokens": [tokens[-1]]}
                idle = WsLoad([plan], 1).__enter__()
            print(f"warm-up: {side.load.run(args.rate / 2, 4)['delivered']} delivered", flush=True)
            settle(side)
            spies = []
            if py_spy and not args.no_profile:
                for name, server in zip(names, servers, strict=True):
                    out = results / f"chat_profile-{name}.txt"
                    argv = [py_spy, "record", "--pid", str(server.pid), "--format", "raw", "--rate", "250"]
                    argv += ["--duration", str(int(args.seconds) + 2), "--output", str(out), "--nonblocking"]
                    spies.append((out, subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
            counted = asyncio.run(work_counts(db, redis_url)) if args.count else None
            before = [s.cpu_seconds() for s in servers]
            system_before = [system_seconds(s.pid) for s in servers]
            result = side.load.run(args.rate, args.seconds)
            settle(side)
            after = [s.cpu_seconds() for s in servers]
            system = [system_seconds(s.pid) - b for s, b in zip(servers, system_before, strict=True)]
            sent = max(float(result["sent"]), 1.0)
            for _, spy in spies:
                spy.wait()
            if counted is not None:
                time.sleep(1.5)  # PostgreSQL flushes a backend's statistics at most once a second
                print(per_message(counted, asyncio.run(work_counts(db, redis_url)), sent))
            for name, b, a, k in zip(names, before, after, system, strict=True):
                kernel = f"{k / sent * 1000:.2f} s in the kernel"
                print(f"process {name}: {(a - b) / sent * 1000:.2f} s CPU per 1,000 messages ({kernel})")
            print(
                f"sent {result['sent']}, delivered {result['delivered']}, errors {result['errors']}, "
                f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, loadavg {os.getloadavg()}"
            )
            for out, _ in spies:
                if out.exists():
                    print(hottest(out, args.top))
        finally:
            if idle is not None:
                idle.__exit__()
            if side.load is not None:
                side.load.__exit__()
            for server in servers:
                server.stop()


if __name__ == "__main__":
    main()
