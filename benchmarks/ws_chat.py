"""1-to-1 chat across two server processes through Redis (issue 5): the sender's socket is on
process A, the receiver's on process B; ``message:send`` on A must come out as ``message:new``
on B. Souk (two ``uvicorn`` processes, PostgreSQL + Redis deployment) against the
python-socketio peer (``peers/socketio_chat.py``: two processes sharing an
``AsyncRedisManager`` channel, the message persisted with the SQLAlchemy ORM and emitted to both
participants' rooms — the same work), in the same run, on the same database and Redis.

Set-up: 2 times ``pairs`` users seeded, one conversation per pair created through Souk's REST API
(``POST /api/v1/conversations`` by the sender), JWTs minted with the servers' secret. One load
client process (pinned to the load core) holds every socket: for each side, senders on its A and
receivers on its B.

Phases (A/B alternated, the server CPU of both processes of a side charged to it):
1. warm-up at a low rate;
2. the issue's fixed rate (500 messages/s) open loop, ``rounds`` of ``seconds``: end-to-end
   p50/p99 from the message's *scheduled* send time to its arrival on the receiver, server CPU
   per 1,000 messages, loss;
3. a rate ladder, both sides step by step (A/B at each rate; a failed step is tried once more,
   the machine being shared), to find each side's maximum sustained rate at the same p99 bound
   (the target, 50 ms) with at most 0.1 % undelivered.
After every run the harness waits for both processes of the side to go idle, so a backlog left
by an overloaded run is not charged to the next.
Also runs alone: ``uv run --group bench python benchmarks/run.py --only ws_chat``."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from harness.ab import Accounting, Sample, accounted, alternate
from harness.report import Metric, comparison_table, fmt, median, spread
from harness.scratch_db import ScratchDatabase, scratch_database
from harness.scratch_redis import scratch_redis
from harness.server import Server
from harness.wsload import WsLoad, raise_nofile
from souk.bootstrap.migrations import migrate
from souk.bootstrap.settings import Settings
from users_me import POOL_SIZE, seed, write_tokens
from ws_servers import new_channel, peer_server, souk_server, tail, ws_url

SOUK, PEER = "souk", "socketio"
TARGET_P99_MS = 50.0
TARGET_RATIO = 2.0
MAX_LOSS = 0.001  # a ladder step passes with p99 ≤ the bound and at most 0.1 % not delivered


@dataclass(frozen=True)
class Plan:
    rounds: int
    pairs: int
    rate: float
    seconds: float
    warmup_s: float
    ladder: tuple[float, ...]
    ladder_s: float


FULL = Plan(
    rounds=5,
    pairs=1_000,
    rate=500,
    seconds=10,
    warmup_s=5,
    ladder=(50, 75, 100, 150, 200, 250, 300, 400, 500, 600, 800, 1000, 1500, 2000),
    ladder_s=10,
)
QUICK = Plan(rounds=2, pairs=200, rate=500, seconds=4, warmup_s=2, ladder=(50, 100, 200, 400), ladder_s=4)
SETTLE_S = 60.0  # after a run, wait (at most this long) for the servers to finish any backlog


@dataclass
class Side:
    name: str
    servers: tuple[Server, Server]  # A (senders), B (receivers)
    load: WsLoad | None = None

    def cpu_seconds(self) -> float:
        return sum(s.cpu_seconds() for s in self.servers)


class _Pair:
    """Both processes of a side as one accounted server (CPU of A + B)."""

    def __init__(self, side: Side) -> None:
        self.side = side

    def cpu_seconds(self) -> float:
        return self.side.cpu_seconds()


def run(*, quick: bool, rounds: int | None, server_core: int, load_core: int, results_dir: Path) -> str:
    plan = replace(QUICK if quick else FULL, **({"rounds": rounds} if rounds else {}))
    print(f"ws_chat: {plan}; open files limit {raise_nofile()}")
    secret = secrets.token_urlsafe(48)
    load_before = os.getloadavg()[1]
    with scratch_database() as db, scratch_redis(load_core) as redis_url:
        settings = Settings(database_url=db.url(), jwt_secret=secret, db_pool_size=POOL_SIZE)
        asyncio.run(migrate(settings))
        ids = asyncio.run(seed(settings, plan.pairs * 2))
        tokens_file = results_dir / "ws_chat.tokens"
        write_tokens(tokens_file, ids, secret)
        tokens = tokens_file.read_text().split()
        tokens_file.unlink()
        channel = new_channel()
        peer = ("socketio_chat", db, secret, redis_url, channel)
        sides = {
            SOUK: Side(
                SOUK,
                (
                    souk_server("ws_chat-souk-a", db, secret, redis_url, server_core, results_dir),
                    souk_server("ws_chat-souk-b", db, secret, redis_url, server_core, results_dir),
                ),
            ),
            PEER: Side(
                PEER,
                (
                    peer_server("ws_chat-peer-a", *peer, server_core, results_dir),
                    peer_server("ws_chat-peer-b", *peer, server_core, results_dir),
                ),
            ),
        }
        servers = [s for side in sides.values() for s in side.servers]
        try:
            for server in servers:
                server.start()
            pairs = conversations(sides[SOUK].servers[0], tokens, plan.pairs)
            measured = measure(sides, pairs, plan, db, load_core)
        finally:
            for side in sides.values():
                if side.load is not None:
                    side.load.__exit__()
            for server in servers:
                server.stop()
    report = render(measured, plan, (load_before, os.getloadavg()[1]))
    (results_dir / "ws_chat.md").write_text(report + "\n")
    raw = {"measured": asdict(measured), "plan": asdict(plan)}
    (results_dir / "ws_chat.json").write_text(json.dumps(raw, indent=1))
    return report


def conversations(souk: Server, tokens: list[str], count: int) -> list[list[str]]:
    """``[sender_token, receiver_token, conversation_id]`` per pair, each conversation opened
    by its sender through ``POST /api/v1/conversations``."""

    def open_one(i: int) -> list[str]:
        sender, receiver = tokens[2 * i], tokens[2 * i + 1]
        other = _subject(receiver)
        request = urllib.request.Request(
            souk.base_url + "/api/v1/conversations",
            data=json.dumps({"other_user_id": other}).encode(),
            headers={"Authorization": f"Bearer {sender}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return [sender, receiver, json.loads(response.read())["id"]]

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(open_one, range(count)))


def _subject(token: str) -> str:
    import base64

    body = token.split(".")[1]
    return str(json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))["sub"])


@dataclass(frozen=True)
class Measured:
    fixed: dict[str, list[Sample]]
    ladder: dict[str, list[Sample]]
    sustained: dict[str, float]
    ready: dict[str, dict[str, Any]]


def chat_plan(protocol: str, sender: Server, receiver: Server, pairs: list[list[str]]) -> dict[str, Any]:
    """The load client's plan: each pair's first member sends on ``sender``, the second
    receives on ``receiver``."""
    return {
        "mode": "chat",
        "protocol": protocol,
        "sender_base": ws_url(sender),
        "receiver_base": ws_url(receiver),
        "pairs": pairs,
    }


def measure(
    sides: dict[str, Side], pairs: list[list[str]], plan: Plan, db: ScratchDatabase, load_core: int
) -> Measured:
    for side in sides.values():
        a, b = side.servers
        chat = chat_plan("souk" if side.name == SOUK else "socketio", a, b, pairs)
        side.load = WsLoad([chat], load_core).__enter__()
        print(f"{side.name}: {side.load.ready}")
        print(f"warm-up {side.name} ({plan.warmup_s:g} s at 100 messages/s)")
        warm = side.load.run(100, plan.warmup_s)
        if warm["delivered"] < warm["expected"] * 0.99:
            raise RuntimeError(f"{side.name}: warm-up lost messages: {warm}\n{tail(side.servers[0])}")
    print(f"pinned {db.pin_backends(load_core)} PostgreSQL backends to core {load_core}")

    def at(rate: float, seconds: float) -> Callable[[str, int], Sample]:
        def one(name: str, _round: int) -> Sample:
            side = sides[name]
            assert side.load is not None
            load = side.load
            db.pin_backends(load_core)
            cpu_before = side.cpu_seconds()
            result, acc = accounted(_Pair(side), load_core, lambda: load.run(rate, seconds))  # type: ignore[arg-type]
            settle(side)  # the backlog an overloaded run leaves is charged to it
            if result["errors"]:
                print(f"  {name}: error acks {result['error_codes']}")
            return sample(result, acc.server_cpu_seconds, side.cpu_seconds() - cpu_before, acc)

        return one

    print(f"fixed rate: {plan.rate:g} messages/s, {plan.rounds} rounds × {plan.seconds:g} s, A/B")
    fixed = alternate([SOUK, PEER], plan.rounds, at(plan.rate, plan.seconds))
    print(f"ladder: {plan.ladder} messages/s, {plan.ladder_s:g} s a step, until p99 > {TARGET_P99_MS:g} ms or loss")
    ladder: dict[str, list[Sample]] = {SOUK: [], PEER: []}
    sustained = {SOUK: 0.0, PEER: 0.0}
    going = {SOUK: True, PEER: True}
    for rate in plan.ladder:
        for name in (SOUK, PEER):
            if not going[name]:
                continue
            step = at(rate, plan.ladder_s)(name, 0)
            if not passes(step):  # a shared machine has hiccups: a failed step gets a second try
                step = at(rate, plan.ladder_s)(name, 1)
            ladder[name].append(step)
            passed = passes(step)
            print(
                f"  {name} @ {rate:g}/s: p99 {step['p99_ms']:.1f} ms, delivered {step['delivered_share']:.2%}, "
                f"cpu/1k {step['cpu_s_per_1k']:.2f} s, load core {step['load_core_busy']:.0%} → "
                f"{'ok' if passed else 'FAIL'}"
            )
            if passed:
                sustained[name] = rate
            else:
                going[name] = False
        if not any(going.values()):
            break
    ready = {name: dict(side.load.ready) if side.load else {} for name, side in sides.items()}
    return Measured(fixed, ladder, sustained, ready)


def settle(side: Side) -> None:
    """Wait until every request of the side has its answer and both its processes are idle
    again (below 5 % of a core over 0.5 s): an overloaded step leaves a backlog that must not
    be charged to the next one."""
    deadline = time.monotonic() + SETTLE_S
    while side.load is not None and side.load.pending() and time.monotonic() < deadline:
        time.sleep(0.5)
    while time.monotonic() < deadline:
        before = side.cpu_seconds()
        time.sleep(0.5)
        if side.cpu_seconds() - before < 0.025:
            return


def sample(result: dict[str, Any], cpu: float, cpu_all: float, acc: Accounting) -> Sample:
    """``cpu``: the servers' CPU during the run; ``cpu_all``: until its backlog was answered
    too, charged to every message sent (each was processed by then)."""
    delivered, sent = float(result["delivered"]), float(result["sent"])
    wall, load_busy = acc.wall_seconds, acc.load_core_busy
    return {
        "rate": float(result["rate"]),
        "p50_ms": float(result["p50_ms"]),
        "p99_ms": float(result["p99_ms"]),
        "max_ms": float(result["max_ms"]),
        "delivered_share": delivered / max(float(result["expected"]), 1.0),
        "delivered_per_s": delivered / float(result["seconds"]),
        "cpu_s_per_1k": cpu_all / max(sent, 1.0) * 1000,
        "msg_per_cpu_s": sent / cpu_all if cpu_all else 0.0,
        "server_core_share": cpu / wall if wall else 0.0,
        "errors": float(result["errors"]),
        "send_lag_p99_ms": float(result["send_lag_p99_ms"]),
        "client_cpu_share": float(result["client_cpu_seconds"]) / wall if wall else 0.0,
        "load_core_busy": load_busy,
    }


def passes(step: Sample) -> bool:
    return step["p99_ms"] <= TARGET_P99_MS and step["delivered_share"] >= 1 - MAX_LOSS


def render(m: Measured, plan: Plan, loadavg: tuple[float, float]) -> str:
    metrics = [
        Metric("p50_ms", f"end-to-end p50 ms at {plan.rate:g} msg/s (open loop)", higher_is_better=False),
        Metric("p99_ms", f"end-to-end p99 ms at {plan.rate:g} msg/s", higher_is_better=False),
        Metric("max_ms", f"max ms at {plan.rate:g} msg/s", higher_is_better=False),
        Metric("cpu_s_per_1k", "server CPU s / 1,000 messages (A + B)", higher_is_better=False),
        Metric("msg_per_cpu_s", "messages per server CPU-second (capacity of one core, noise-robust)"),
        Metric("server_core_share", f"server core used at {plan.rate:g} msg/s (A + B)", higher_is_better=False),
        Metric("delivered_share", "delivered / sent"),
    ]
    table = comparison_table(metrics, SOUK, PEER, m.fixed)
    souk_max, peer_max = m.sustained[SOUK], m.sustained[PEER]
    ratio = souk_max / peer_max if peer_max else float("nan")
    top = max(plan.ladder)
    capped = {n: " (the ladder's top: the maximum is higher)" if m.sustained[n] >= top else "" for n in m.sustained}
    table += (
        f"\n| max sustained msg/s at p99 ≤ {TARGET_P99_MS:g} ms, no loss (ladder) | {fmt(souk_max)} | {fmt(peer_max)} "
        f"| {fmt(ratio)}× (higher is better) |"
    )
    p99 = median(m.fixed[SOUK], "p99_ms")
    notes = [
        f"Target p99 ≤ {TARGET_P99_MS:g} ms at {plan.rate:g} msg/s: **{'met' if p99 <= TARGET_P99_MS else 'NOT met'}** "
        f"(Souk {fmt(p99)} ms, peer {fmt(median(m.fixed[PEER], 'p99_ms'))} ms).",
        f"Target Souk ≥ {TARGET_RATIO:g}× the peer's throughput at equal p99: "
        f"**{'met' if ratio >= TARGET_RATIO else 'NOT met'}** ({fmt(ratio)}×: Souk {fmt(souk_max)} msg/s"
        f"{capped[SOUK]}, peer {fmt(peer_max)} msg/s{capped[PEER]}).",
        "Ladder steps (msg/s → p99 ms, delivered, server CPU s/1k): "
        + "; ".join(
            f"{name}: "
            + ", ".join(
                f"{s['rate']:g} → {fmt(s['p99_ms'])} ms, {s['delivered_share']:.1%}, {fmt(s['cpu_s_per_1k'])}"
                for s in m.ladder[name]
            )
            for name in (SOUK, PEER)
        )
        + ".",
        f"{plan.pairs:,} pairs (sender on process A, receiver on process B), messages round-robin over the pairs; "
        f"{plan.rounds} rounds A/B × {plan.seconds:g} s at the fixed rate; latency from each message's scheduled send "
        "time to its arrival on the receiver's socket. Both processes of a side on the server core; the client, "
        "PostgreSQL and the run's own redis-server on the load core.",
        "Work per message: both persist it (Souk: conversation row, message, outbox event in one transaction, then the "
        "relay; peer: the ORM locks the conversation, inserts the message) and deliver `message:new` to both "
        "participants' sockets through Redis; Souk also returns `message:delivered` to the sender when the receiver's "
        "process hands the frame over (its delivery receipts), which the peer does not do.",
        f"Machine load average (5 min) {loadavg[0]:.1f} before, {loadavg[1]:.1f} after, on {os.cpu_count()} cores"
        f"{': other work shared the cores, read CPU per message before msg/s' if loadavg[1] > 2.5 else ''}.",
    ]
    for name in (SOUK, PEER):
        busy_lo, busy_hi = spread(m.fixed[name], "load_core_busy")
        errors = sum(s["errors"] for s in m.fixed[name] + m.ladder[name])
        lag = max(s["send_lag_p99_ms"] for s in m.fixed[name])
        client = median(m.fixed[name], "client_cpu_share")
        saturated = " (SATURATED: the client may have measured itself)" if busy_hi > 0.95 else ""
        notes.append(
            f"{name}: load core busy {busy_lo:.0%}–{busy_hi:.0%} at {plan.rate:g} msg/s{saturated} (client "
            f"{client:.0%} of it); error acks {errors:.0f}; client send lag p99 ≤ {lag:.2f} ms; "
            f"sockets {m.ready[name].get('connected', 0):,} (failed {m.ready[name].get('failed', 0)})."
        )
    title = "## 1-to-1 chat across two processes via Redis — Souk vs python-socketio (AsyncRedisManager)"
    return title + "\n\n" + table + "\n\n" + "\n".join(f"- {n}" for n in notes)
