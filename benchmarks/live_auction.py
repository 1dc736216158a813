"""A live auction (issue 20): 2,000 viewers in one live stream's room on one ``souk serve``
process (PostgreSQL + Redis), bidders sending ``auction:bid`` at 50 bids/s; every accepted
bid is broadcast to the whole room as ``auction:bid``. Reported: bid-to-broadcast latency
p50/p99/max from each bid's *scheduled* send time to its ``auction:bid`` frame on each
probe socket (target p99 ≤ 100 ms), deliveries/s, bids accepted/refused, and the server's
CPU per bid and per 100,000 deliveries, with the machine's load.

Souk's figures alone: no peer in ``peers/`` runs auctions (the python-socketio room-emit
peer has no row lock, increment rule or saved cards to compare); the live room benchmark's
chat fan-out is the nearest peer comparison of the broadcast half.

Set-up through Souk's REST API (the card simulator, ``SOUK_PAYMENTS=simulated``): a seller
lists products, goes live and tags them; the bidders save a test card. Each run starts a
fresh 120 s auction of the next product (the load client does it), then bids for
``seconds`` at ``rate``: bid ``i`` offers ``first + i * step``, above any increment, so a
bid is refused only when a later one overtook it on the way (``bid_too_low``). A bid takes
its turn on the auction's row lock, is written with its outbox event, published through
Redis and written to every viewer. Also runs alone: ``run.py --only live_auction``."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from harness.ab import accounted
from harness.report import fmt, median
from harness.scratch_db import scratch_database
from harness.scratch_redis import scratch_redis
from harness.server import Server, free_port, uvicorn_argv
from harness.wsload import WsLoad, raise_nofile, room_plans, settle
from live_room import _call
from souk.bootstrap.migrations import migrate
from souk.bootstrap.settings import Settings
from users_me import POOL_SIZE, seed, souk_env, write_tokens
from ws_servers import WS_ARGS, WS_POOL, tail, ws_url

TARGET_P99_MS = 100.0
CURRENCY, FIRST, STEP = "EUR", 100_000, 10_000  # 1,000.00 EUR, then 100.00 EUR apart (the top increment)


@dataclass(frozen=True)
class Plan:
    rounds: int
    viewers: int
    senders: int
    probes: int
    rate: float  # bids per second
    seconds: float
    warmup_s: float
    drain_processes: int  # client processes holding the lean viewers, beside the one that bids and times


FULL = Plan(rounds=5, viewers=2_000, senders=200, probes=50, rate=50, seconds=10, warmup_s=5, drain_processes=3)
QUICK = Plan(rounds=2, viewers=500, senders=50, probes=20, rate=50, seconds=4, warmup_s=2, drain_processes=1)


def run(*, quick: bool, rounds: int | None, server_core: int, load_core: int, results_dir: Path) -> str:
    plan = replace(QUICK if quick else FULL, **({"rounds": rounds} if rounds else {}))
    print(f"live_auction: {plan}; open files limit {raise_nofile()}")
    secret = secrets.token_urlsafe(48)
    load_before = os.getloadavg()
    with scratch_database() as db, scratch_redis(load_core) as redis_url:
        settings = Settings(database_url=db.url(), jwt_secret=secret, db_pool_size=POOL_SIZE)
        asyncio.run(migrate(settings))
        ids = asyncio.run(seed(settings, plan.viewers + 1))
        tokens_file = results_dir / "live_auction.tokens"
        write_tokens(tokens_file, ids, secret)
        tokens = tokens_file.read_text().split()
        tokens_file.unlink()
        seller, viewers = tokens[0], tokens[1:]
        port = free_port()
        argv = uvicorn_argv("souk.bootstrap.http_app:app_from_env", port, factory=True) + WS_ARGS
        env = {
            **souk_env(db, secret),
            "SOUK_REDIS_URL": redis_url,
            "SOUK_DB_POOL_SIZE": str(WS_POOL),
            "SOUK_PAYMENTS": "simulated",
            "SOUK_RATE_LIMIT_SCALE": "1000",
        }
        server = Server("live_auction-souk", argv, port, env=env, inherit_env=False, core=server_core,
                        log_dir=results_dir)  # fmt: skip
        server.start()
        try:
            stream_id, products = auction_stream(server, seller, plan.rounds + 1)
            for bidder in viewers[: plan.senders]:
                _call(server, "POST", "/api/v1/payments/methods", bidder, {})
            room = {
                "mode": "auction",
                "protocol": "souk",
                "base": ws_url(server),
                "http_base": server.base_url,
                "seller": seller,
                "viewers": viewers,
                "stream_id": stream_id,
                "products": products,
                "senders": plan.senders,
                "probes": plan.probes,
                "first": FIRST,
                "step": STEP,
                "currency": CURRENCY,
            }
            with WsLoad(room_plans(room, plan.drain_processes, 8), load_core) as load:
                print(f"live_auction: {load.ready}")
                if load.ready.get("connected", 0) < plan.viewers:
                    raise RuntimeError(f"not every viewer joined: {load.ready}\n{tail(server)}")
                warm = load.run(plan.rate / 5, plan.warmup_s)
                print(f"  warm-up: {warm['acks']} bids accepted, p99 {warm['p99_ms']:.0f} ms")
                settle(load, server.cpu_seconds, 120)
                samples = []
                for n in range(plan.rounds):
                    result, acc = accounted(server, load_core, lambda: load.run(plan.rate, plan.seconds))
                    settle(load, server.cpu_seconds, 120)
                    sample = {**result, "server_cpu_s": acc.server_cpu_seconds, "load_core_busy": acc.load_core_busy,
                              "server_core_share": acc.server_core_share, "wall_s": acc.wall_seconds}  # fmt: skip
                    samples.append(sample)
                    print(
                        f"  run {n + 1}: {result['acks']}/{result['sent']} bids accepted, refused "
                        f"{result['error_codes'] or 'none'}, p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} "
                        f"ms, {result['deliveries_per_s']:,.0f} deliveries/s, server CPU "
                        f"{acc.server_cpu_seconds:.2f} s, client loop lag p99 {result['loop_lag_p99_ms']:.1f} ms "
                        f"(listening processes {result.get('drains_loop_lag_p99_ms', float('nan')):.1f} ms)"
                    )
        finally:
            server.stop()
    report = render(plan, samples, load_before, os.getloadavg())
    (results_dir / "live_auction.md").write_text(report + "\n")
    (results_dir / "live_auction.json").write_text(json.dumps({"plan": plan.__dict__, "runs": samples}, indent=1))
    return report


def auction_stream(server: Server, seller: str, products: int) -> tuple[str, list[str]]:
    """A live stream with ``products`` products, each tagged: one auction per run."""
    categories = _call(server, "GET", "/api/v1/categories", seller)
    leaf = categories[0]
    while leaf.get("children"):
        leaf = leaf["children"][0]
    body = {"price": {"amount": 90000, "currency": CURRENCY}, "category_id": leaf["id"], "condition": "good",
            "feed_type": "discover", "description": "Signed, numbered."}  # fmt: skip
    ids = [str(_call(server, "POST", "/api/v1/products", seller, {**body, "title": f"Print {n}"})["id"])
           for n in range(products)]  # fmt: skip
    stream = _call(server, "POST", "/api/v1/streams", seller, {"title": "Print auction", "product_ids": ids})
    _call(server, "PATCH", f"/api/v1/streams/{stream['id']}/settings", seller, {"audience": "everyone"})
    _call(server, "POST", f"/api/v1/streams/{stream['id']}/go-live", seller)
    for product in ids:
        tag = {"x": 0.5, "y": 0.5, "timestamp_s": 1}
        _call(server, "POST", f"/api/v1/streams/{stream['id']}/products/{product}/tag", seller, tag)
    return str(stream["id"]), ids


def render(
    plan: Plan, runs: list[dict[str, Any]], before: tuple[float, float, float], after: tuple[float, float, float]
) -> str:
    lines = [
        f"## Live auction — {plan.viewers:,} viewers in the room, {plan.rate:g} bids/s, one process (Souk alone)",
        "",
        "| run | bids sent | accepted | refused | bid→broadcast p50 ms | p99 ms | max ms | deliveries/s "
        "| server CPU ms / bid | server CPU s / 100k deliveries | server core used | load core busy "
        "| client core used | client loop lag p99 ms: timing / listening |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, r in enumerate(runs, 1):
        codes = ", ".join(f"`{c}` ×{k}" for c, k in r["error_codes"].items()) or "—"
        frames = max(float(r["frames_received"]), 1.0)
        lines.append(
            f"| {n} | {r['sent']:,} | {r['acks']:,} | {codes} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{r['max_ms']:.1f} | {r['deliveries_per_s']:,.0f} | {r['server_cpu_s'] / max(r['sent'], 1) * 1000:.1f} | "
            f"{r['server_cpu_s'] / frames * 100_000:.2f} | {r['server_core_share']:.0%} | {r['load_core_busy']:.0%} | "
            f"{r['client_cpu_seconds'] / r['wall_s']:.0%} | {r['loop_lag_p99_ms']:.1f} / "
            f"{r.get('drains_loop_lag_p99_ms', float('nan')):.1f} |"
        )
    p99 = median(runs, "p99_ms")
    lines += [
        "",
        f"- Target bid-to-broadcast p99 ≤ {TARGET_P99_MS:g} ms at {plan.rate:g} bids/s to {plan.viewers:,} viewers: "
        f"**{'met' if p99 <= TARGET_P99_MS else 'NOT met'}** (median of the runs' p99: {fmt(p99)} ms).",
        f"- {plan.senders} bidders (with a saved test card), {plan.probes} probes timing every bid's broadcast from "
        "its scheduled send time (one client process), the rest lean sockets counting frames "
        f"({plan.drain_processes} client processes of their own). One server process on the server core; the client, "
        "PostgreSQL and the run's redis-server on the load core; client loop lag: how late a 5 ms timer fires in "
        "the process that bids and times / the worst of the listening ones.",
        f"- Machine load average (1/5/15 min) {before[0]:.1f}/{before[1]:.1f}/{before[2]:.1f} before, "
        f"{after[0]:.1f}/{after[1]:.1f}/{after[2]:.1f} after, on {os.cpu_count()} cores"
        f"{': other work shared the cores, read the CPU per bid before the latency' if after[1] > 2.5 else ''}.",
    ]
    return "\n".join(lines)
