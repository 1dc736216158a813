"""Idle memory per WebSocket connection (issue 5): 5,000 authenticated sockets held open on one
server process, Souk (``/ws``, PostgreSQL + Redis deployment) against the python-socketio
peer (``peers/socketio_chat.py``, ASGI, ``AsyncRedisManager``), in the same run.

A third contender, the floor (``peers/asgi_ws_floor.py``: a bare ASGI app under the same
uvicorn), shows what the server stack alone costs per socket when the app keeps nothing and
lets the server keep everything. Souk can come out below it: once a socket is accepted it
drops the handshake's leftovers that uvicorn would keep and gives uvicorn's protocol a lighter
event queue and ``writable`` gate (README "Idle sockets").

Each round starts a fresh server (memory a process once took is rarely handed back), opens and
closes a few sockets to load every lazy code path, reads its RSS, then the load client (its own
process on the load core) opens the sockets — one per seeded user, JWTs minted with the
server's secret — and waits for each to be accepted (Souk's ``connected``, Socket.IO's connect
ack); after a settling pause the RSS is read again. Memory per connection = RSS delta / sockets.
The server's CPU for the handshakes is reported too. Sides alternate, A/B, round by round.
Also runs alone: ``uv run --group bench python benchmarks/run.py --only ws_idle``."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from harness.ab import Sample, alternate
from harness.cpu import busy_share, core_times
from harness.memory import rss_bytes
from harness.report import Metric, comparison_table, fmt, median, spread
from harness.scratch_db import scratch_database
from harness.scratch_redis import scratch_redis
from harness.server import Server
from harness.wsload import WsLoad, raise_nofile
from souk.bootstrap.migrations import migrate
from souk.bootstrap.settings import Settings
from users_me import POOL_SIZE, seed, write_tokens
from ws_servers import floor_server, new_channel, peer_server, souk_server, tail, ws_url

SOUK, PEER, FLOOR = "souk", "socketio", "floor"
TARGET_KIB = 20.0
TARGET_RATIO = 0.5
WARM_SOCKETS = 50


@dataclass(frozen=True)
class Plan:
    rounds: int
    sockets: int
    settle_s: float


FULL = Plan(rounds=5, sockets=5_000, settle_s=5)
QUICK = Plan(rounds=2, sockets=1_000, settle_s=2)


def run(*, quick: bool, rounds: int | None, server_core: int, load_core: int, results_dir: Path) -> str:
    plan = replace(QUICK if quick else FULL, **({"rounds": rounds} if rounds else {}))
    print(f"ws_idle: {plan}; open files limit {raise_nofile()}")
    secret = secrets.token_urlsafe(48)
    load_before = os.getloadavg()[1]
    with scratch_database() as db, scratch_redis(load_core) as redis_url:
        settings = Settings(database_url=db.url(), jwt_secret=secret, db_pool_size=POOL_SIZE)
        asyncio.run(migrate(settings))
        ids = asyncio.run(seed(settings, plan.sockets))
        tokens_file = results_dir / "ws_idle.tokens"
        write_tokens(tokens_file, ids, secret)
        tokens = tokens_file.read_text().split()
        tokens_file.unlink()
        channel = new_channel()

        def server(name: str, round_no: int) -> Server:
            if name == SOUK:
                return souk_server(f"ws_idle-souk-{round_no}", db, secret, redis_url, server_core, results_dir)
            if name == FLOOR:
                return floor_server(f"ws_idle-floor-{round_no}", server_core, results_dir)
            return peer_server(
                f"ws_idle-peer-{round_no}", "socketio_chat", db, secret, redis_url, channel, server_core, results_dir
            )

        def measure(name: str, round_no: int) -> Sample:
            for _attempt in range(2):  # a socket closed before the RSS was read voids the round: again
                with server(name, round_no) as s:
                    held = hold(s, PEER if name == PEER else SOUK, tokens, plan, load_core)
                if held["still_open"] == held["connected"] == plan.sockets:
                    break
                print(f"  {name}: {held['still_open']:.0f} of {held['connected']:.0f} sockets open: round repeated")
            return held

        samples = alternate([SOUK, PEER, FLOOR], plan.rounds, measure)
    report = render(samples, plan, (load_before, os.getloadavg()[1]))
    (results_dir / "ws_idle.md").write_text(report + "\n")
    (results_dir / "ws_idle.json").write_text(json.dumps({"samples": samples, "plan": asdict(plan)}, indent=1))
    return report


def hold(server: Server, protocol: str, tokens: list[str], plan: Plan, load_core: int) -> Sample:
    idle = {"mode": "idle", "protocol": "souk" if protocol == SOUK else "socketio", "base": ws_url(server)}
    with WsLoad([{**idle, "tokens": tokens[:WARM_SOCKETS]}], load_core) as warm:
        if warm.ready.get("connected") != WARM_SOCKETS:
            raise RuntimeError(f"{server.name}: warm-up sockets refused: {warm.ready}\n{tail(server)}")
    time.sleep(1.0)
    rss_before = rss_bytes(server.pid)
    cpu_before, core_before, started = server.cpu_seconds(), core_times(load_core), time.monotonic()
    with WsLoad([{**idle, "tokens": tokens[: plan.sockets]}], load_core) as load:
        connected = int(load.ready.get("connected", 0))
        connect_cpu = server.cpu_seconds() - cpu_before
        connect_wall = time.monotonic() - started
        load_busy = busy_share(core_before, core_times(load_core))
        time.sleep(plan.settle_s)
        rss_after = rss_bytes(server.pid)
        load.processes[0].send({"cmd": "count"})
        still_open = int(load.processes[0].read(30)["open"])
    if connected < plan.sockets:
        print(f"  {server.name}: only {connected}/{plan.sockets} sockets accepted\n{tail(server)}")
    return {
        "kib_per_conn": (rss_after - rss_before) / max(connected, 1) / 1024,
        "rss_before_mib": rss_before / 2**20,
        "rss_after_mib": rss_after / 2**20,
        "connect_cpu_ms_per_conn": connect_cpu / max(connected, 1) * 1000,
        "connects_per_s": connected / connect_wall,
        "connected": float(connected),
        "still_open": float(still_open),
        "load_core_busy": load_busy,
    }


def render(samples: dict[str, list[Sample]], plan: Plan, loadavg: tuple[float, float]) -> str:
    metrics = [
        Metric("kib_per_conn", f"RSS per idle connection, KiB ({plan.sockets:,} sockets)", higher_is_better=False),
        Metric("rss_before_mib", "server RSS before, MiB", higher_is_better=False),
        Metric("rss_after_mib", f"server RSS with {plan.sockets:,} sockets, MiB", higher_is_better=False),
        Metric("connect_cpu_ms_per_conn", "server CPU ms per accepted connection", higher_is_better=False),
        Metric("connects_per_s", "connections accepted per s (one client process)"),
    ]
    table = comparison_table(metrics, SOUK, PEER, samples)
    souk_kib, peer_kib = median(samples[SOUK], "kib_per_conn"), median(samples[PEER], "kib_per_conn")
    ratio = souk_kib / peer_kib if peer_kib else float("nan")
    notes = [
        f"Target ≤ {TARGET_KIB:g} KiB per connection: **{'met' if souk_kib <= TARGET_KIB else 'NOT met'}** "
        f"(Souk {fmt(souk_kib)} KiB; peer {fmt(peer_kib)} KiB).",
        f"Target Souk ≤ {TARGET_RATIO:g}× the peer's memory per connection: "
        f"**{'met' if ratio <= TARGET_RATIO else 'NOT met'}** ({fmt(ratio)}×).",
        f"Floor (`peers/asgi_ws_floor.py`, a bare ASGI app that accepts and waits: uvicorn + `websockets` alone): "
        f"{fmt(median(samples[FLOOR], 'kib_per_conn'))} KiB per connection "
        f"[{fmt(spread(samples[FLOOR], 'kib_per_conn')[0])}–{fmt(spread(samples[FLOOR], 'kib_per_conn')[1])}]; "
        f"what Souk adds on top: {fmt(souk_kib - median(samples[FLOOR], 'kib_per_conn'))} KiB, the peer "
        f"{fmt(peer_kib - median(samples[FLOOR], 'kib_per_conn'))} KiB.",
        f"{plan.rounds} rounds A/B/floor, a fresh server per round; one socket per seeded user (JWT minted with the "
        f"server's secret), no compression offered, {plan.settle_s:g} s settling before the RSS is read.",
        f"Machine load average (5 min) {loadavg[0]:.1f} before, {loadavg[1]:.1f} after, on {os.cpu_count()} cores.",
    ]
    for name in (SOUK, PEER, FLOOR):
        lo, hi = spread(samples[name], "load_core_busy")
        accepted = min(s["connected"] for s in samples[name])
        still = min(s["still_open"] for s in samples[name])
        notes.append(
            f"{name}: fewest accepted {accepted:,.0f}/{plan.sockets:,}, still open after settling {still:,.0f}; "
            f"load core busy {lo:.0%}–{hi:.0%} while connecting."
        )
    title = "## WebSocket idle memory per connection — Souk vs python-socketio (AsyncRedisManager)"
    return title + "\n\n" + table + "\n\n" + "\n".join(f"- {n}" for n in notes)
