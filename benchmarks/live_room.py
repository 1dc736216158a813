"""A live room (issue 7): 2,000 viewers of one live stream on one server process, chat at
20 messages/s plus as many reactions, every line and reaction fanned out to every viewer.
Souk (``stream:join`` / ``stream:chat`` / ``stream:reaction`` on ``/ws``, PostgreSQL + Redis
deployment) against the python-socketio room-emit peer (``peers/socketio_room.py``: the same
checks, counters, rate limits, and ``emit(room=...)`` through ``AsyncRedisManager``), in the
same run, on the same stream.

Set-up through Souk's REST API: a seller creates a product and a stream with it and goes live;
2,000 other seeded users are the viewers (JWTs minted with the servers' secret). The load client
(on the load core) holds the viewers: the first 200 are senders (chat lines and reactions spread
over them, well inside the per-viewer limits) and the next 50 are probes that decode every frame
and time every chat line, in one process; the rest are lean sockets that only count frames, in
``drain_processes`` processes of their own, so the loop that times is not the one the bulk keeps
busy. Each process reports its own event-loop lag (how late a 5 ms timer fires) with the run.

Phases (A/B alternated; server CPU charged per delivery):
1. warm-up at 2 lines/s;
2. the issue's 20 chat lines/s (+ 20 reactions/s), ``rounds`` of ``seconds``: chat delivery
   p50/p99 from each line's *scheduled* send time to its arrival on each probe, deliveries/s
   (frames counted on every viewer), server CPU;
3. a ladder of rates to each side's maximum sustained deliveries/s at the same p99 bound (the
   target, 100 ms), nothing lost and no viewer disconnected.
Also runs alone: ``uv run --group bench python benchmarks/run.py --only live_room``.

First step: the join storm (``join_storm.py``, issue 21): N connected viewers join within one
second, on both deployments."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import secrets
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import join_storm
from harness.ab import Accounting, Sample, accounted, alternate
from harness.report import Metric, comparison_table, fmt, median, spread
from harness.scratch_db import ScratchDatabase, scratch_database
from harness.scratch_redis import scratch_redis
from harness.server import Server
from harness.wsload import WsLoad, raise_nofile, room_plans, settle
from souk.bootstrap.migrations import migrate
from souk.bootstrap.settings import Settings
from users_me import POOL_SIZE, seed, write_tokens
from ws_chat import _subject
from ws_servers import new_channel, peer_server, souk_server, tail, ws_url

SOUK, PEER = "souk", "socketio"
TARGET_P99_MS = 100.0
TARGET_RATIO = 3.0
MAX_LOSS = 0.001
EMOJIS = ["❤️", "🔥", "👏", "😂", "😮", "💎"]


@dataclass(frozen=True)
class Plan:
    rounds: int
    viewers: int
    senders: int
    probes: int
    rate: float  # chat lines per second
    reactions_per_line: float
    seconds: float
    warmup_s: float
    ladder: tuple[float, ...]
    ladder_s: float
    drain_processes: int  # client processes holding the lean viewers, beside the one that sends and times


FULL = Plan(
    rounds=5,
    viewers=2_000,
    senders=200,
    probes=50,
    rate=20,
    reactions_per_line=1.0,
    seconds=10,
    warmup_s=5,
    ladder=(1, 2, 3, 5, 10, 20, 30, 40, 60, 80, 120, 160),
    ladder_s=10,
    drain_processes=3,
)
QUICK = Plan(
    rounds=2,
    viewers=500,
    senders=50,
    probes=20,
    rate=20,
    reactions_per_line=1.0,
    seconds=4,
    warmup_s=2,
    ladder=(2, 5, 10, 20, 40),
    ladder_s=4,
    drain_processes=1,
)
SETTLE_S = 180.0  # a side far over its capacity needs minutes to work off a 10 s run


def run(*, quick: bool, rounds: int | None, server_core: int, load_core: int, results_dir: Path) -> str:
    if importlib.util.find_spec("souk.entrypoints.ws.stream_handlers") is None:
        note = "## Live room — skipped: this build has no live room (`stream:join`/`stream:chat`, branch `live`)."
        print(note)
        return note
    storm = join_storm.run(
        quick=quick, rounds=None, server_core=server_core, load_core=load_core, results_dir=results_dir
    )
    print(storm)
    plan = replace(QUICK if quick else FULL, **({"rounds": rounds} if rounds else {}))
    print(f"live_room: {plan}; open files limit {raise_nofile()}")
    secret = secrets.token_urlsafe(48)
    load_before = os.getloadavg()[1]
    with scratch_database() as db, scratch_redis(load_core) as redis_url:
        settings = Settings(database_url=db.url(), jwt_secret=secret, db_pool_size=POOL_SIZE)
        asyncio.run(migrate(settings))
        ids = asyncio.run(seed(settings, plan.viewers + 1))
        tokens_file = results_dir / "live_room.tokens"
        write_tokens(tokens_file, ids, secret)
        tokens = tokens_file.read_text().split()
        tokens_file.unlink()
        seller, viewers = tokens[0], tokens[1:]
        servers = {
            SOUK: souk_server("live_room-souk", db, secret, redis_url, server_core, results_dir),
            PEER: peer_server(
                "live_room-peer", "socketio_room", db, secret, redis_url, new_channel(), server_core, results_dir
            ),
        }
        loads: dict[str, WsLoad] = {}
        try:
            for server in servers.values():
                server.start()
            stream_id = go_live(servers[SOUK], seller)
            measured = measure(servers, loads, viewers, stream_id, plan, db, load_core)
        finally:
            for load in loads.values():
                load.__exit__()
            for server in servers.values():
                server.stop()
    report = render(measured, plan, (load_before, os.getloadavg()[1]))
    report = storm + "\n\n" + report
    (results_dir / "live_room.md").write_text(report + "\n")
    raw = {"measured": asdict(measured), "plan": asdict(plan)}
    (results_dir / "live_room.json").write_text(json.dumps(raw, indent=1))
    return report


def _call(server: Server, method: str, path: str, token: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        server.base_url + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method=method,
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def go_live(souk: Server, seller: str) -> str:
    """The seller lists a product, creates a stream with it (chat on, audience everyone) and
    goes live, all through Souk's REST API; the stream's id."""
    categories = _call(souk, "GET", "/api/v1/categories", seller)
    leaf = categories[0]
    while leaf.get("children"):
        leaf = leaf["children"][0]
    product = _call(
        souk,
        "POST",
        "/api/v1/products",
        seller,
        {
            "title": "Vintage film camera",
            "description": "Works, with a 50 mm lens.",
            "price": {"amount": 120000, "currency": "MAD"},
            "category_id": leaf["id"],
            "condition": "good",
            "feed_type": "discover",
        },
    )
    stream = _call(souk, "POST", "/api/v1/streams", seller, {"title": "Camera Sunday", "product_ids": [product["id"]]})
    _call(souk, "PATCH", f"/api/v1/streams/{stream['id']}/settings", seller, {"audience": "everyone"})
    live = _call(souk, "POST", f"/api/v1/streams/{stream['id']}/go-live", seller)
    print(f"stream {stream['id']} is {live['stream']['status']} (seller {_subject(seller)})")
    return str(stream["id"])


@dataclass(frozen=True)
class Measured:
    fixed: dict[str, list[Sample]]
    ladder: dict[str, list[Sample]]
    sustained: dict[str, float]  # deliveries/s at the highest passing step
    sustained_rate: dict[str, float]  # its chat lines/s
    ready: dict[str, dict[str, Any]]


def measure(
    servers: dict[str, Server],
    loads: dict[str, WsLoad],
    viewers: list[str],
    stream_id: str,
    plan: Plan,
    db: ScratchDatabase,
    load_core: int,
) -> Measured:
    for name, server in servers.items():
        room = {
            "mode": "room",
            "protocol": "souk" if name == SOUK else "socketio",
            "base": ws_url(server),
            "viewers": viewers,
            "stream_id": stream_id,
            "senders": plan.senders,
            "probes": plan.probes,
            "emojis": EMOJIS,
            "reaction_rate": 0.0,
        }
        # 8 joins in flight over all the client processes: below the pool size (README's note on joins)
        loads[name] = WsLoad(room_plans(room, plan.drain_processes, 8), load_core).__enter__()
        print(f"{name}: {loads[name].ready}")
        if loads[name].ready.get("connected", 0) < plan.viewers:
            raise RuntimeError(f"{name}: not every viewer joined: {loads[name].ready}\n{tail(server)}")
    for name in servers:
        print(f"warm-up {name} ({plan.warmup_s:g} s at 2 lines/s)")
        warm = run_at(loads[name], 2, plan.reactions_per_line, plan.warmup_s)
        if warm["delivered"] < warm["expected"] * 0.99:
            print(f"  {name} could not keep up even during the warm-up: {warm['delivered']}/{warm['expected']}")
        settle(loads[name], servers[name].cpu_seconds, SETTLE_S)
    print(f"pinned {db.pin_backends(load_core)} PostgreSQL backends to core {load_core}")

    def at(rate: float, seconds: float) -> Callable[[str, int], Sample]:
        def one(name: str, _round: int) -> Sample:
            server, load = servers[name], loads[name]
            db.pin_backends(load_core)
            cpu_before, frames_before = server.cpu_seconds(), frames(load)
            result, acc = accounted(server, load_core, lambda: run_at(load, rate, plan.reactions_per_line, seconds))
            settle(load, server.cpu_seconds, SETTLE_S)  # the backlog an overloaded run leaves is charged to it
            all_cpu, all_frames = server.cpu_seconds() - cpu_before, frames(load) - frames_before
            if result["errors"]:
                print(f"  {name}: error acks {result['error_codes']}")
            return sample(result, acc.server_cpu_seconds, all_cpu, all_frames, acc)

        return one

    print(f"fixed rate: {plan.rate:g} lines/s + reactions, {plan.rounds} rounds of {plan.seconds:g} s, A/B")
    fixed = alternate([SOUK, PEER], plan.rounds, at(plan.rate, plan.seconds))
    print(f"ladder: {plan.ladder} lines/s, {plan.ladder_s:g} s a step, until p99 > {TARGET_P99_MS:g} ms or loss")
    ladder: dict[str, list[Sample]] = {SOUK: [], PEER: []}
    sustained = {SOUK: 0.0, PEER: 0.0}
    sustained_rate = {SOUK: 0.0, PEER: 0.0}
    going = {SOUK: True, PEER: True}
    for rate in plan.ladder:
        for name in (SOUK, PEER):
            if not going[name]:
                continue
            step = at(rate, plan.ladder_s)(name, 0)
            if not passes(step):  # a shared machine has hiccups: a failed step gets a second try
                step = at(rate, plan.ladder_s)(name, 1)
            ladder[name].append(step)
            ok = passes(step)
            print(
                f"  {name} @ {rate:g} lines/s: p99 {step['p99_ms']:.1f} ms, {step['deliveries_per_s']:,.0f} "
                f"deliveries/s, probes got {step['delivered_share']:.2%}, viewers dropped {step['dropped']:.0f}, "
                f"load core {step['load_core_busy']:.0%} → {'ok' if ok else 'FAIL'}"
            )
            if ok:
                sustained[name], sustained_rate[name] = step["deliveries_per_s"], rate
            else:
                going[name] = False
        if not any(going.values()):
            break
    ready = {name: dict(load.ready) for name, load in loads.items()}
    return Measured(fixed, ladder, sustained, sustained_rate, ready)


def run_at(load: WsLoad, rate: float, reactions_per_line: float, seconds: float) -> dict[str, Any]:
    for process, share in zip(load.processes, load.shares(rate * reactions_per_line), strict=True):
        process.send({"cmd": "reactions", "rate": share})
        process.read(30)
    return load.run(rate, seconds)


def frames(load: WsLoad) -> int:
    """Frames counted on every viewer so far."""
    for process in load.processes:
        process.send({"cmd": "frames"})
    return sum(int(p.read(30)["frames"]) for p in load.processes)


def sample(result: dict[str, Any], cpu: float, cpu_all: float, frames_all: int, acc: Accounting) -> Sample:
    """``cpu``: the server's CPU during the run; ``cpu_all`` and ``frames_all``: its CPU and the
    frames viewers got until the run's backlog was worked off too (CPU per delivery counts both);
    ``deliveries_per_s`` counts what arrived during the run and up to 5 s after it."""
    deliveries, wall, load_busy = float(max(frames_all, 1)), acc.wall_seconds, acc.load_core_busy
    return {
        "rate": float(result["rate"]),
        "p50_ms": float(result["p50_ms"]),
        "p99_ms": float(result["p99_ms"]),
        "max_ms": float(result["max_ms"]),
        "delivered_share": float(result["delivered"]) / max(float(result["expected"]), 1.0),
        "deliveries_per_s": float(result["deliveries_per_s"]),
        "cpu_s_per_100k": cpu_all / max(deliveries, 1.0) * 100_000,
        "deliveries_per_cpu_s": deliveries / cpu_all if cpu_all else 0.0,
        "server_core_share": cpu / wall if wall else 0.0,
        "errors": float(result["errors"]),
        "reactions": float(result.get("reactions", 0.0)),
        "dropped": float(result.get("drains_closed", 0.0)),
        "send_lag_p99_ms": float(result["send_lag_p99_ms"]),
        "client_loop_lag_p99_ms": float(result["loop_lag_p99_ms"]),
        "drains_loop_lag_p99_ms": float(result.get("drains_loop_lag_p99_ms", float("nan"))),
        "client_cpu_share": float(result["client_cpu_seconds"]) / wall if wall else 0.0,
        "load_core_busy": load_busy,
    }


def passes(step: Sample) -> bool:
    return step["p99_ms"] <= TARGET_P99_MS and step["delivered_share"] >= 1 - MAX_LOSS and step["dropped"] == 0


def _verdict(souk_max: float, peer_max: float) -> str:
    """The ratio target's verdict; a side that passed no step of the ladder has no ratio."""
    if not peer_max:
        return "no ratio: the peer passed no step" if souk_max else "no ratio: neither side passed a step"
    return "met" if souk_max / peer_max >= TARGET_RATIO else "NOT met"


def render(m: Measured, plan: Plan, loadavg: tuple[float, float]) -> str:
    at = f"at {plan.rate:g} lines/s + {plan.rate * plan.reactions_per_line:g} reactions/s"
    metrics = [
        Metric("p50_ms", f"chat delivery p50 ms {at} (open loop)", higher_is_better=False),
        Metric("p99_ms", "chat delivery p99 ms (same)", higher_is_better=False),
        Metric("max_ms", "chat delivery max ms (same)", higher_is_better=False),
        Metric("deliveries_per_s", f"deliveries/s to {plan.viewers:,} viewers (same)"),
        Metric("cpu_s_per_100k", "server CPU s / 100,000 deliveries", higher_is_better=False),
        Metric("deliveries_per_cpu_s", "deliveries per server CPU-second (capacity of one core, noise-robust)"),
        Metric("server_core_share", "server core used (same)", higher_is_better=False),
        Metric("delivered_share", "chat lines delivered / sent (probes)"),
    ]
    table = comparison_table(metrics, SOUK, PEER, m.fixed)
    souk_max, peer_max = m.sustained[SOUK], m.sustained[PEER]
    ratio = souk_max / peer_max if peer_max else float("nan")
    top = max(plan.ladder)
    capped = {n: " (the ladder's top: higher is possible)" if m.sustained_rate[n] >= top else "" for n in m.sustained}
    table += (
        f"\n| max sustained deliveries/s at p99 ≤ {TARGET_P99_MS:g} ms, nothing lost (ladder) | {fmt(souk_max)} "
        f"({fmt(m.sustained_rate[SOUK])} lines/s) | {fmt(peer_max)} ({fmt(m.sustained_rate[PEER])} lines/s) "
        f"| {fmt(ratio)}× (higher is better) |"
    )
    p99 = median(m.fixed[SOUK], "p99_ms")
    notes = [
        f"Target delivery p99 ≤ {TARGET_P99_MS:g} ms {at}: **{'met' if p99 <= TARGET_P99_MS else 'NOT met'}** "
        f"(Souk {fmt(p99)} ms, peer {fmt(median(m.fixed[PEER], 'p99_ms'))} ms).",
        f"Target Souk ≥ {TARGET_RATIO:g}× the peer's sustained deliveries/s at equal p99: "
        f"**{_verdict(souk_max, peer_max)}** ({fmt(ratio)}×: Souk {fmt(souk_max)}/s{capped[SOUK]}, "
        f"peer {fmt(peer_max)}/s{capped[PEER]}).",
        "Ladder steps (lines/s → p99 ms, deliveries/s, server CPU s/100k): "
        + "; ".join(
            f"{name}: "
            + ", ".join(
                f"{s['rate']:g} → {fmt(s['p99_ms'])} ms, {fmt(s['deliveries_per_s'])}/s, {fmt(s['cpu_s_per_100k'])}"
                for s in m.ladder[name]
            )
            for name in (SOUK, PEER)
        )
        + ".",
        f"{plan.viewers:,} viewers on one process ({plan.senders} senders, {plan.probes} probes timing every line, "
        "the rest lean counting sockets); reactions spread over the senders at "
        f"{plan.reactions_per_line:g} per chat line; latency from each line's scheduled send time to its arrival on "
        "each probe. Server on the server core; client, PostgreSQL and the run's redis-server on the load core; "
        f"the client is one process that sends and times (senders, probes) and {plan.drain_processes} that hold the "
        "lean viewers, so the timing loop is not the one the bulk keeps busy.",
        "Work per line: both validate, read the stream (live, chat on), apply the per-viewer moving-window limit in "
        "Redis (`limits`), count it in Redis, publish once through Redis and write the frame to every viewer.",
        f"Machine load average (5 min) {loadavg[0]:.1f} before, {loadavg[1]:.1f} after, on {os.cpu_count()} cores"
        f"{': other work shared the cores, read CPU per delivery before deliveries/s' if loadavg[1] > 2.5 else ''}.",
    ]
    for name in (SOUK, PEER):
        busy_lo, busy_hi = spread(m.fixed[name], "load_core_busy")
        errors = sum(s["errors"] for s in m.fixed[name] + m.ladder[name])
        dropped = max(s["dropped"] for s in m.fixed[name])
        client = median(m.fixed[name], "client_cpu_share")
        lag, send_lag = median(m.fixed[name], "client_loop_lag_p99_ms"), median(m.fixed[name], "send_lag_p99_ms")
        drains_lag = median(m.fixed[name], "drains_loop_lag_p99_ms")
        saturated = " (SATURATED: the client may have measured itself)" if busy_hi > 0.95 else ""
        notes.append(
            f"{name}: load core busy {busy_lo:.0%}–{busy_hi:.0%}{saturated} (client {client:.0%} of it, "
            f"{plan.drain_processes + 1} processes; the timing process's own loop lag p99 {fmt(lag)} ms and send "
            f"lag p99 {fmt(send_lag)} ms, the listening processes' loop lag p99 {fmt(drains_lag)} ms); "
            f"error acks {errors:.0f}; viewers dropped by the server ≤ {dropped:.0f}; "
            f"sockets {m.ready[name].get('connected', 0):,} (failed {m.ready[name].get('failed', 0)})."
        )
    title = f"## Live room, {plan.viewers:,} viewers on one process — Souk vs python-socketio room emit"
    return title + "\n\n" + table + "\n\n" + "\n".join(f"- {n}" for n in notes)
