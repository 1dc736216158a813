"""The live room's join storm (issue 21), a step of the ``live_room`` benchmark that also runs
alone (``run.py --only join_storm``): N viewers, already connected to one ``souk serve``
process, all send ``stream:join`` for one live stream, spread evenly over one second.
Reported per run: joins acked, errors by code, ack latency p50/p99/max from each join's
due time, the server's CPU seconds for the storm.

Two deployments, each with its defaults (pool size 20): PostgreSQL + Redis with 2,000
viewers, and embedded (SQLite, in-process bus and counters) with 500. Target: every join
acked, p99 ≤ 1 s. Souk's figures alone: the python-socketio peer has no admission, viewer
log or snapshot to compare (its room join is a set insertion). Every run's joins are first
joins (visit logged, audience entered): they leave between runs (not measured)."""

from __future__ import annotations

import asyncio
import os
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.scratch_db import scratch_database
from harness.scratch_redis import scratch_redis
from harness.server import Server, free_port, uvicorn_argv
from harness.wsload import WsLoad, raise_nofile
from souk.bootstrap.migrations import migrate
from souk.bootstrap.settings import Settings
from users_me import seed, souk_env, write_tokens
from ws_servers import WS_ARGS, tail, ws_url

TARGET_P99_MS = 1000.0


@dataclass(frozen=True)
class Storm:
    deployment: str
    viewers: int
    runs: int
    seconds: float = 1.0


def run(*, quick: bool, rounds: int | None, server_core: int, load_core: int, results_dir: Path) -> str:
    print(f"join_storm: open files limit {raise_nofile()}")
    runs = rounds or (2 if quick else 3)
    storms = [Storm("postgres", 500 if quick else 2_000, runs), Storm("embedded", 500, runs)]
    storms = [s for s in storms if s.deployment in os.environ.get("BENCH_STORM_ONLY", "postgres,embedded")]
    results = {s.deployment: storm(s, server_core, load_core, results_dir) for s in storms}
    report = render(storms, results, os.getloadavg())
    (results_dir / "join_storm.md").write_text(report + "\n")
    return report


def storm(plan: Storm, server_core: int, load_core: int, results_dir: Path) -> list[dict[str, Any]]:
    secret = secrets.token_urlsafe(48)
    if plan.deployment == "postgres":
        with scratch_database() as db, scratch_redis(load_core) as redis_url:
            settings = Settings(database_url=db.url(), jwt_secret=secret)
            env = {**souk_env(db, secret), "SOUK_REDIS_URL": redis_url}
            env.pop("SOUK_DB_POOL_SIZE")  # the default pool
            return _storm(plan, settings, env, server_core, load_core, results_dir)
    with tempfile.TemporaryDirectory(prefix="souk-storm-") as data_dir:
        url = f"sqlite+aiosqlite:///{data_dir}/souk.db"
        settings = Settings(database_url=url, jwt_secret=secret)
        base = {k: v for k, v in os.environ.items() if not k.startswith(("SOUK_", "BENCH_"))}
        env = {
            **base,
            "SOUK_DATABASE_URL": url,
            "SOUK_JWT_SECRET": secret,
            "SOUK_ACCESS_LOG": "false",
            "SOUK_LOG_LEVEL": "WARNING",
            "SOUK_DATA_DIR": data_dir,
        }
        return _storm(plan, settings, env, server_core, load_core, results_dir)


def _storm(
    plan: Storm, settings: Settings, env: dict[str, str], server_core: int, load_core: int, results_dir: Path
) -> list[dict[str, Any]]:
    from live_room import go_live  # the same stream set-up as the live room's chat phases

    asyncio.run(migrate(settings))
    ids = asyncio.run(seed(settings, plan.viewers + 1))
    tokens_file = results_dir / f"join_storm-{plan.deployment}.tokens"
    write_tokens(tokens_file, ids, settings.jwt_secret)
    tokens = tokens_file.read_text().split()
    tokens_file.unlink()
    port = free_port()
    argv = uvicorn_argv("souk.bootstrap.http_app:app_from_env", port, factory=True) + WS_ARGS
    if os.environ.get("BENCH_PROFILE"):
        argv = [argv[0], "-m", "cProfile", "-o", os.environ["BENCH_PROFILE"], *argv[1:]]
    server = Server(
        f"join_storm-{plan.deployment}", argv, port, env=env, inherit_env=False, core=server_core, log_dir=results_dir
    )
    server.start()
    try:
        stream_id = go_live(server, tokens[0])
        room = {
            "mode": "storm",
            "protocol": "souk",
            "base": ws_url(server),
            "viewers": tokens[1:],
            "stream_id": stream_id,
            "concurrency": 64,
        }
        with WsLoad([room], load_core) as load:
            print(f"{plan.deployment}: {load.ready}")
            if load.ready.get("connected", 0) < plan.viewers:
                raise RuntimeError(f"not every viewer connected: {load.ready}\n{tail(server)}")
            results = []
            for n in range(plan.runs):
                if n:
                    for process in load.processes:
                        process.send({"cmd": "leave"})
                        process.read(120)
                    time.sleep(0.5)  # the leaves' last batches
                cpu_before = server.cpu_seconds()
                result = load.run(0, plan.seconds)
                result["server_cpu_s"] = server.cpu_seconds() - cpu_before
                results.append(result)
                print(
                    f"  {plan.deployment} run {n + 1}: {result['acks']}/{result['sent']} acked, errors "
                    f"{result['error_codes'] or 'none'}, p50 {result['p50_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms, "
                    f"max {result['max_ms']:.0f} ms, server CPU {result['server_cpu_s']:.2f} s"
                )
            return results
    finally:
        server.stop()


def render(storms: list[Storm], results: dict[str, list[dict[str, Any]]], loadavg: tuple[float, ...]) -> str:
    lines = [
        "## Live room join storm — N connected viewers send `stream:join` for one live stream within 1 s",
        "",
        "| deployment | viewers | run | acked | errors by code | ack p50 ms | ack p99 ms | ack max ms | server CPU s |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    verdicts = []
    for plan in storms:
        runs = results[plan.deployment]
        for n, r in enumerate(runs, 1):
            codes = ", ".join(f"`{c}` ×{k}" for c, k in r["error_codes"].items()) or "—"
            lines.append(
                f"| {plan.deployment} | {plan.viewers:,} | {n} | {r['acks']:,} | {codes} | {r['p50_ms']:.0f} | "
                f"{r['p99_ms']:.0f} | {r['max_ms']:.0f} | {r['server_cpu_s']:.2f} |"
            )
        met = all(r["acks"] == r["sent"] and r["p99_ms"] <= TARGET_P99_MS for r in runs)
        verdicts.append(f"{plan.deployment} {plan.viewers:,}: **{'met' if met else 'NOT met'}**")
    lines += [
        "",
        f"- Target (every join acked, p99 ≤ {TARGET_P99_MS:g} ms): " + "; ".join(verdicts) + ".",
        "- Latency from each join's due time (joins spread evenly over the second) to its ack, on the client; "
        "server CPU from the first join sent to the last ack. One server process with its default "
        "pool (20) on the server core; client, PostgreSQL and redis-server on the load core.",
        f"- Machine load average (1/5/15 min) {loadavg[0]:.1f}/{loadavg[1]:.1f}/{loadavg[2]:.1f} after the runs, "
        f"{os.cpu_count()} cores.",
    ]
    return "\n".join(lines)
