"""What one more server process costs a chat message (issue 19, ``docs/capacity.md``): every
``souk serve`` process subscribes to every realtime topic, so each event Redis carries goes
to every process, whether it holds a socket of the message's members or not. The capacity
model predicts that Redis's output per chat message grows in proportion to the number of
processes P (the same events, one copy per subscriber) while PUBLISH per message stays the
same, and that a bystander process (no member's socket) still spends CPU on every message.

Run: the ``ws_chat`` set-up (a scratch database and ``redis-server``, seeded pairs, one
conversation per pair through Souk's REST API, senders on process A, receivers on B), a
fixed rate open loop, measured with P = 2 (A, B) and then P = 4 (two more processes, each
holding one idle socket, so their relays are subscribed as in production). Not alternated:
a relay, once subscribed, stays subscribed, so the P = 2 rounds come first. Reported per
phase: PUBLISH per message, Redis output bytes and Redis CPU per message (``INFO``), server
CPU per 1,000 messages of A + B and of the bystanders.

``uv run --group bench python benchmarks/ws_processes.py [--rate 100] [--seconds 8]
[--rounds 3]``; ``BENCH_PG_PORT`` picks another PostgreSQL (default 5432)."""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
from pathlib import Path
from typing import Any

import redis

from harness.ab import accounted
from harness.scratch_db import scratch_database
from harness.scratch_redis import scratch_redis
from harness.server import Server
from harness.wsload import WsLoad, raise_nofile
from souk.bootstrap.migrations import migrate
from souk.bootstrap.settings import Settings
from users_me import POOL_SIZE, seed, write_tokens
from ws_chat import Side, _Pair, chat_plan, conversations, sample, settle
from ws_servers import souk_server, ws_url

PAIRS = 200


def redis_figures(client: redis.Redis) -> tuple[float, float, float]:
    """(PUBLISH calls, Redis CPU seconds, bytes Redis wrote to clients) so far."""
    commands: Any = client.info("commandstats")
    cpu: Any = client.info("cpu")
    stats: Any = client.info("stats")
    publish = float(commands.get("cmdstat_publish", {}).get("calls", 0))
    return publish, float(cpu["used_cpu_user"]) + float(cpu["used_cpu_sys"]), float(stats["total_net_output_bytes"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results_dir = Path(__file__).parent / "results"
    results_dir.mkdir(exist_ok=True)
    raise_nofile()
    secret = secrets.token_urlsafe(48)
    port = int(os.environ.get("BENCH_PG_PORT", "5432"))
    with scratch_database(port=port) as db, scratch_redis(1) as redis_url:
        settings = Settings(database_url=db.url(), jwt_secret=secret, db_pool_size=POOL_SIZE)
        asyncio.run(migrate(settings))
        ids = asyncio.run(seed(settings, PAIRS * 2 + 2))
        tokens_file = results_dir / "ws_processes.tokens"
        write_tokens(tokens_file, ids, secret)
        tokens = tokens_file.read_text().split()
        tokens_file.unlink()
        servers = [souk_server(f"ws_processes-{n}", db, secret, redis_url, 0, results_dir) for n in "abcd"]
        side = Side("souk", (servers[0], servers[1]))
        bystanders: WsLoad | None = None
        try:
            for server in servers:
                server.start(timeout=180)
            pairs = conversations(servers[0], tokens, PAIRS)
            side.load = WsLoad([chat_plan("souk", servers[0], servers[1], pairs)], 1).__enter__()
            print(f"sockets: {side.load.ready}; warm-up {side.load.run(args.rate / 2, 4)['delivered']} delivered")
            settle(side)
            client = redis.Redis.from_url(redis_url)
            phases: dict[int, list[dict[str, float]]] = {2: [], 4: []}
            # P = 2 first: a process's relay, once subscribed by its first socket, stays subscribed
            for processes in (2, 4):
                if processes == 4:  # one idle socket each: the bystanders' relays subscribe
                    idle = [
                        {"mode": "idle", "protocol": "souk", "base": ws_url(s), "tokens": [tokens[-1 - i]]}
                        for i, s in enumerate(servers[2:])
                    ]
                    bystanders = WsLoad(idle, 1).__enter__()
                    settle(side)
                for round_no in range(args.rounds):
                    phases[processes].append(measure(side, servers[2:], client, args.rate, args.seconds))
                    row = phases[processes][-1]
                    print(
                        f"round {round_no + 1} P={processes}: "
                        + ", ".join(f"{k} {v:.3g}" for k, v in row.items())
                        + f", loadavg {os.getloadavg()[0]:.1f}"
                    )
            print(render(phases, args))
        finally:
            if bystanders is not None:
                bystanders.__exit__()
            if side.load is not None:
                side.load.__exit__()
            for server in servers:
                server.stop()


def measure(side: Side, others: list[Server], client: redis.Redis, rate: float, seconds: float) -> dict[str, float]:
    load = side.load
    assert load is not None
    before_redis = redis_figures(client)
    before_others = sum(s.cpu_seconds() for s in others)
    before = side.cpu_seconds()
    result, acc = accounted(_Pair(side), 1, lambda: load.run(rate, seconds))  # type: ignore[arg-type]
    settle(side)
    s = sample(result, acc.server_cpu_seconds, side.cpu_seconds() - before, acc)
    after_redis = redis_figures(client)
    sent = max(float(result["sent"]), 1.0)
    return {
        "publish_per_msg": (after_redis[0] - before_redis[0]) / sent,
        "redis_out_bytes_per_msg": (after_redis[2] - before_redis[2]) / sent,
        "redis_cpu_ms_per_msg": (after_redis[1] - before_redis[1]) * 1000 / sent,
        "ab_cpu_s_per_1k": s["cpu_s_per_1k"],
        "bystanders_cpu_s_per_1k": (sum(o.cpu_seconds() for o in others) - before_others) / sent * 1000,
        "delivered_share": s["delivered_share"],
        "errors": s["errors"],
    }


def render(phases: dict[int, list[dict[str, float]]], args: argparse.Namespace) -> str:
    keys = list(phases[2][0])
    lines = [
        f"## Chat cost per process — P = 2 vs P = 4 ({args.rate:g} msg/s, {args.rounds} rounds × {args.seconds:g} s)",
        "",
        "| per message | P = 2 | P = 4 | ratio |",
        "|---|---|---|---|",
    ]
    for key in keys:
        two = statistics.median(r[key] for r in phases[2])
        four = statistics.median(r[key] for r in phases[4])
        ratio = f"{four / two:.2f}×" if two else "—"
        lines.append(f"| {key} | {two:.3g} | {four:.3g} | {ratio} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
