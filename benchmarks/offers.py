"""Benchmark: making and accepting offers on PostgreSQL (issue 4) — Souk against the FastAPI
+ pydantic + SQLAlchemy ORM peer doing the same transaction (``peers/fastapi_offers.py``).

Phases, each side on its own disjoint half of the products, A/B alternated round by round:
1. ``POST /api/v1/offers`` closed loop (32 connections): every request a fresh (buyer,
   product) pair, two buyers per product, so each product ends with two open offers.
2. The same at a fixed rate (open loop), half the slower side's median throughput: p50/p99.
3. ``PATCH /api/v1/offers/{id}/accept`` by the seller, closed then open loop, on offers the
   side made in phases 1-2 whose product has exactly two open offers: each accept reserves
   the product, opens the sale (and its card payment: Souk's simulated intent, opened right
   after the accept), and declines the other offer with its system message.
3b. The pay step (issue 16), closed loop, on the sales phase 3 opened: the buyer's card
   step with the simulated provider (``POST /transactions/{id}/pay`` → authorised: the
   provider event claimed, the ledger's hold, payment and sale updated, two events), then
   the capture (``POST /transactions/{id}/confirm-receipt`` → completed: hold released,
   capture, fee and payout entries, the product sold, the seller's counters).
4. Parallel-accept storm: products with many buyers' open offers; the seller fires every
   accept at once. Exactly one must win (the rest 409), no 5xx, no deadlock; time to settle.

Every round starts with the side's server idle and is charged its server CPU until the server
is idle again, so the work a round's writes leave behind (Souk's outbox: notifications, system
messages) counts for that round and does not slow the next one (without this, a closed-loop
round's backlog landed in the following open-loop round: 7.4-13.6 s per 1,000 offers).

Rows written per successful request (offers, messages, outbox events, transactions,
conversations) are counted per round from the database, so the table shows both sides did
the same writes. Data: sellers and buyers bulk-inserted, products bulk-inserted (Discover,
EUR 100.00); tokens minted by Souk's JwtAccessTokens. Runs alone too:
``uv run --group bench python benchmarks/offers.py [--quick]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from harness.ab import Accounting, Sample, accounted, alternate, wait_idle
from harness.cpu import pick_cores
from harness.report import Metric, comparison_table, fmt, median, spread
from harness.scratch_db import ScratchDatabase, scratch_database
from harness.server import Server, before_tree_argv, free_port, uvicorn_argv
from harness.writes import WriteRequest, WriteResult, run_writes
from souk.adapters.security.jwt_access_tokens import JwtAccessTokens
from souk.adapters.system.clock import SystemClock
from souk.application.shared.ids import new_id
from souk.domain.catalog.default_categories import category_id

SOUK, PEER = "souk", "fastapi"
PEERS_DIR = Path(__file__).parent / "peers"
POOL_SIZE = 20  # Souk's default (SOUK_DB_POOL_SIZE), no overflow; the peer gets the same
CONNECTIONS = 32
TARGET_RATIO = 1.5
SETTLE_S = 60.0  # at most this long waiting for a server to go idle before and after a round
LIST_PRICE = 10_000  # EUR 100.00
TABLES = (
    "offers",
    "messages",
    "outbox",
    "transactions",
    "conversations",
    "payments",
    "payment_ledger",
    "payment_provider_events",
)
PAY_STEPS = (("pay", "pending", "pay", "POST pay"), ("capture", "authorized", "confirm-receipt", "POST capture"))


@dataclass(frozen=True)
class Plan:
    rounds: int
    sellers: int
    buyers: int
    products_per_side: int
    warmup_s: float
    throughput_s: float
    open_loop_s: float
    storm_products: int
    storm_size: int  # buyers with an open offer on each storm product


FULL = Plan(
    rounds=5,
    sellers=500,
    buyers=5_000,
    products_per_side=40_000,
    warmup_s=5,
    throughput_s=15,
    open_loop_s=15,
    storm_products=20,
    storm_size=32,
)
QUICK = Plan(
    rounds=2,
    sellers=50,
    buyers=500,
    products_per_side=3_000,
    warmup_s=1,
    throughput_s=3,
    open_loop_s=3,
    storm_products=4,
    storm_size=16,
)


@dataclass
class Side:
    """One contender's share of the data and how far it has used it."""

    name: str
    server: Server
    products: list[UUID]
    storm: list[UUID]
    next_product: int = 0  # the next product not offered on yet
    accepts: list[WriteRequest] | None = None
    next_accept: int = 0
    pays: list[WriteRequest] | None = None  # the pay step's requests (authorise, then capture)
    next_pay: int = 0


def choose_plan(quick: bool, rounds: int | None) -> Plan:
    chosen = QUICK if quick else FULL
    return replace(chosen, rounds=rounds) if rounds else chosen


def run(*, quick: bool, rounds: int | None, server_core: int, load_core: int, results_dir: Path) -> str:
    plan = choose_plan(quick, rounds)
    print(f"offers: {plan}")
    secret = secrets.token_urlsafe(48)
    with scratch_database() as db:
        env = souk_env(db, secret)
        subprocess.run([sys.executable, "-m", "souk", "migrate"], env=env, check=True, capture_output=True)
        data = asyncio.run(seed(db, plan))
        tokens = mint_tokens(secret, data["sellers"] + data["buyers"])
        souk, peer = servers(db, secret, server_core, results_dir)
        half = plan.products_per_side
        sides = {
            SOUK: Side(SOUK, souk, data["products"][:half], data["storm"][: plan.storm_products]),
            PEER: Side(PEER, peer, data["products"][half:], data["storm"][plan.storm_products :]),
        }
        with souk, peer:
            same = same_answers(sides, data, tokens)
            load_before = os.getloadavg()[1]
            measured = measure(sides, data, tokens, db, plan, load_core)
            loadavg = (load_before, os.getloadavg()[1])
    report = render(measured, plan, same, loadavg)
    (results_dir / "offers.md").write_text(report + "\n")
    raw = {"measured": measured, "plan": asdict(plan), "same": same, "loadavg": loadavg}
    (results_dir / "offers.json").write_text(json.dumps(raw, indent=1, default=str))
    return report


def souk_env(db: ScratchDatabase, secret: str) -> dict[str, str]:
    """Souk in production mode (PostgreSQL; no Redis: in-process bus and job queue, as in the
    catalog benchmark), access log off, no SOUK_* inherited."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SOUK_", "BENCH_"))}
    return {
        **base,
        "SOUK_DATABASE_URL": db.url(),
        "SOUK_JWT_SECRET": secret,
        "SOUK_ACCESS_LOG": "false",
        "SOUK_LOG_LEVEL": "WARNING",
        "SOUK_AUTO_MIGRATE": "false",
        "SOUK_DB_POOL_SIZE": str(POOL_SIZE),
        "SOUK_DATA_DIR": "/tmp/souk-bench-data",
        "SOUK_PAYMENTS": "simulated",  # the pay step: the in-process card simulator, as the peer's
    }


def servers(db: ScratchDatabase, secret: str, core: int, log_dir: Path) -> tuple[Server, Server]:
    souk_port, peer_port = free_port(), free_port()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SOUK_", "BENCH_"))}
    peer_env = {
        **base,
        "BENCH_DATABASE_URL": db.url(),
        "BENCH_JWT_SECRET": secret,
        "BENCH_DB_POOL_SIZE": str(POOL_SIZE),
        "BENCH_DB_MAX_OVERFLOW": "0",  # Souk's engine factory: no overflow
    }
    souk_argv = uvicorn_argv("souk.bootstrap.http_app:app_from_env", souk_port, factory=True)
    peer_argv = uvicorn_argv("fastapi_offers:app", peer_port, app_dir=str(PEERS_DIR))
    common = {"core": core, "log_dir": log_dir, "inherit_env": False}
    if (before := before_tree_argv("souk.bootstrap.http_app:app_from_env", peer_port)) is not None:
        peer_argv, peer_env = before, souk_env(db, secret)  # A/B against an earlier commit
    return (
        Server(f"offers-{SOUK}", souk_argv, souk_port, env=souk_env(db, secret), **common),
        Server(f"offers-{PEER}", peer_argv, peer_port, env=peer_env, **common),
    )


async def seed(db: ScratchDatabase, plan: Plan) -> dict[str, list[UUID]]:
    """Users and products by COPY; every product a Discover listing at EUR 100.00."""
    now = datetime.now(UTC)
    sellers = [new_id() for _ in range(plan.sellers)]
    buyers = [new_id() for _ in range(plan.buyers)]
    settings = json.dumps({"new_message": True})
    user_rows = [
        (
            uid,
            f"u{i:06d}",
            f"Bench {i}",
            "x",
            None,
            f"u{i}@example.com",
            False,
            None,
            "",
            "free",
            "user",
            settings,
            now,
            now,
        )
        for i, uid in enumerate(sellers + buyers)
    ]
    products = [new_id() for _ in range(2 * plan.products_per_side)]
    storm = [new_id() for _ in range(2 * plan.storm_products)]
    bikes = category_id("bicycles")
    product_rows = [
        (pid, sellers[i % len(sellers)], f"Road bike {i}", "", LIST_PRICE, "EUR", bikes, "good", "discover", "[]",
         "available", now - timedelta(seconds=i), now)
        for i, pid in enumerate(products + storm)
    ]  # fmt: skip
    conn = await asyncpg.connect(db.url("postgresql"))
    try:
        await conn.copy_records_to_table(
            "users",
            records=user_rows,
            columns=["id", "username", "display_name", "password_hash", "phone", "email", "phone_verified",
                     "avatar_url", "bio", "seller_tier", "role", "notification_settings", "created_at", "updated_at"],
        )  # fmt: skip
        await conn.copy_records_to_table(
            "products",
            records=product_rows,
            columns=["id", "seller_id", "title", "description", "price_amount", "price_currency", "category_id",
                     "condition", "feed_type", "image_urls", "status", "created_at", "updated_at"],
        )  # fmt: skip
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    print(f"  seeded {len(sellers):,} sellers, {len(buyers):,} buyers, {len(product_rows):,} products")
    return {"sellers": sellers, "buyers": buyers, "products": products, "storm": storm}


def mint_tokens(secret: str, ids: list[UUID]) -> dict[UUID, str]:
    tokens = JwtAccessTokens(secret, "souk", "souk-api", clock=SystemClock(), ttl=timedelta(hours=3))
    now = datetime.now(UTC)
    return {uid: tokens.issue(uid, uuid4(), now).token for uid in ids}


def offer_requests(side: Side, data: dict[str, list[UUID]], tokens: dict[UUID, str], count: int) -> list[WriteRequest]:
    """The side's next ``count`` offers: two buyers per product, products in order."""
    buyers = data["buyers"]
    requests = []
    for k in range(count):
        product_index = side.next_product + k // 2
        if product_index >= len(side.products):
            break
        buyer = buyers[(2 * product_index + k % 2) % len(buyers)]
        body = {
            "product_id": str(side.products[product_index]),
            "price": {"amount": 6_000 + k % 2 * 500, "currency": "EUR"},
        }
        requests.append(WriteRequest("POST", "/api/v1/offers", tokens[buyer], body))
    return requests


def used_products(sent: int) -> int:
    return (sent + 1) // 2


async def accept_pool(db: ScratchDatabase, side: Side, tokens: dict[UUID, str]) -> list[WriteRequest]:
    """One pending offer (the first) per product of the side that has exactly two open offers."""
    conn = await connect(db)
    try:
        rows = await conn.fetch(
            """SELECT DISTINCT ON (product_id) id, seller_id, product_id FROM offers
               WHERE product_id = ANY($1::uuid[]) AND status = 'pending'
                 AND product_id IN (SELECT product_id FROM offers WHERE product_id = ANY($1::uuid[])
                                    AND status = 'pending' GROUP BY product_id HAVING count(*) = 2)
               ORDER BY product_id, created_at, id""",
            side.products[: side.next_product],
        )
    finally:
        await conn.close()
    order = {pid: i for i, pid in enumerate(side.products)}
    rows = sorted(rows, key=lambda r: order[r["product_id"]])
    return [WriteRequest("PATCH", f"/api/v1/offers/{r['id']}/accept", tokens[r["seller_id"]]) for r in rows]


async def pay_pool(
    db: ScratchDatabase, side: Side, tokens: dict[UUID, str], status: str, step: str
) -> list[WriteRequest]:
    """The buyer's ``step`` on every sale of the side's products in ``status``, oldest first."""
    conn = await connect(db)
    try:
        rows = await conn.fetch(
            "SELECT id, buyer_id FROM transactions WHERE product_id = ANY($1::uuid[]) AND status = $2"
            " ORDER BY created_at, id",
            side.products[: side.next_product],
            status,
        )
    finally:
        await conn.close()
    return [WriteRequest("POST", f"/api/v1/transactions/{r['id']}/{step}", tokens[r["buyer_id"]]) for r in rows]


async def connect(db: ScratchDatabase) -> asyncpg.Connection:
    """The machine's PostgreSQL is shared (max_connections): wait for a free slot."""
    for _ in range(30):
        try:
            return await asyncpg.connect(db.url("postgresql"))
        except asyncpg.TooManyConnectionsError:
            await asyncio.sleep(1.0)
    return await asyncpg.connect(db.url("postgresql"))


async def row_counts(db: ScratchDatabase) -> dict[str, int]:
    conn = await connect(db)
    try:
        return {t: int(await conn.fetchval(f"SELECT count(*) FROM {t}")) for t in TABLES}
    finally:
        await conn.close()


async def deadlocks(db: ScratchDatabase) -> int:
    conn = await connect(db)
    try:
        return int(await conn.fetchval("SELECT deadlocks FROM pg_stat_database WHERE datname = $1", db.name))
    finally:
        await conn.close()


def _call(server: Server, method: str, path: str, token: str, body: dict[str, Any] | None) -> tuple[int, Any]:
    request = urllib.request.Request(
        server.base_url + path,
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"null")


def _shape(value: Any) -> Any:
    """The JSON's structure: keys and value types, not the values (ids and times differ)."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return type(value).__name__


def same_answers(sides: dict[str, Side], data: dict[str, list[UUID]], tokens: dict[UUID, str]) -> bool:
    """One offer and its accept on each side: same statuses, same JSON shape, same amounts."""
    seen = {}
    for name, side in sides.items():
        made = [_call(side.server, r.method, r.path, r.token, r.body) for r in offer_requests(side, data, tokens, 2)]
        side.next_product += 1
        offer = made[0][1]
        seller = tokens[UUID(offer["seller_id"])]
        accepted = _call(side.server, "PATCH", f"/api/v1/offers/{offer['id']}/accept", seller, None)
        seen[name] = (
            [m[0] for m in made],
            accepted[0],
            _shape(offer),
            _shape(accepted[1]),
            accepted[1]["transaction"]["platform_fee"],
            [m["action"] for m in accepted[1]["offer"]["history"]],
        )
    same = seen[SOUK] == seen[PEER]
    print(f"  same statuses, JSON shape, fee and history on both sides: {'yes' if same else 'NO'}")
    if not same:
        print(f"    souk: {seen[SOUK]}\n    peer: {seen[PEER]}")
    return same


def measure(
    sides: dict[str, Side],
    data: dict[str, list[UUID]],
    tokens: dict[UUID, str],
    db: ScratchDatabase,
    plan: Plan,
    load_core: int,
) -> dict[str, Any]:
    def timed(side: Side, run: Callable[[], WriteResult]) -> tuple[WriteResult, Accounting, float]:
        """One round from an idle server, and the server CPU it cost until the server was idle
        again: the work a round's writes leave behind (their outbox events: notifications,
        system messages) is charged to it, not to the next round, which would otherwise start
        on a busy core."""
        wait_idle(side.server.cpu_seconds, time.monotonic() + SETTLE_S)
        cpu_before = side.server.cpu_seconds()
        result, acc = accounted(side.server, load_core, run)
        wait_idle(side.server.cpu_seconds, time.monotonic() + SETTLE_S)
        return result, acc, side.server.cpu_seconds() - cpu_before

    def sample(
        side: Side, result: WriteResult, acc: Accounting, cpu_all: float, before: dict[str, int], after: dict[str, int]
    ) -> Sample:
        ok = max(result.ok, 1)
        row = {
            "rps": result.rps,
            "cpu_s_per_1k": cpu_all / max(result.sent, 1) * 1000,
            "req_per_cpu_s": result.sent / max(cpu_all, 1e-9),
            "p50_ms": result.p50_ms,
            "p99_ms": result.p99_ms,
            "server_core_share": acc.server_core_share,
            "load_core_busy": acc.load_core_busy,
            "errors": float(result.sent - result.ok),
            "exhausted": float(result.exhausted),
        }
        for table in TABLES:
            row[f"{table}_per_req"] = (after[table] - before[table]) / ok
        return row

    def offers_round(open_rate: float, seconds: float) -> Callable[[str, int], Sample]:
        def one(name: str, _round: int) -> Sample:
            side = sides[name]
            budget = int((open_rate or 2_000) * seconds) + 100
            requests = offer_requests(side, data, tokens, budget)
            db.pin_backends(load_core)
            before = asyncio.run(row_counts(db))
            result, acc, cpu_all = timed(
                side,
                lambda: run_writes(
                    side.server.base_url,
                    requests,
                    mode="open" if open_rate else "closed",
                    seconds=seconds,
                    rate=open_rate,
                    connections=CONNECTIONS if not open_rate else 64,
                    core=load_core,
                ),
            )
            after = asyncio.run(row_counts(db))
            side.next_product += used_products(result.sent) + 1  # +1: a half-used product is skipped
            return sample(side, result, acc, cpu_all, before, after)

        return one

    def accepts_round(open_rate: float, seconds: float) -> Callable[[str, int], Sample]:
        def one(name: str, _round: int) -> Sample:
            side = sides[name]
            assert side.accepts is not None
            requests = side.accepts[side.next_accept :]
            db.pin_backends(load_core)
            before = asyncio.run(row_counts(db))
            result, acc, cpu_all = timed(
                side,
                lambda: run_writes(
                    side.server.base_url,
                    requests,
                    mode="open" if open_rate else "closed",
                    seconds=seconds,
                    rate=open_rate,
                    connections=CONNECTIONS if not open_rate else 64,
                    core=load_core,
                ),
            )
            after = asyncio.run(row_counts(db))
            side.next_accept += result.sent
            return sample(side, result, acc, cpu_all, before, after)

        return one

    def pays_round(seconds: float) -> Callable[[str, int], Sample]:
        def one(name: str, _round: int) -> Sample:
            side = sides[name]
            assert side.pays is not None
            requests = side.pays[side.next_pay :]
            db.pin_backends(load_core)
            before = asyncio.run(row_counts(db))
            result, acc, cpu_all = timed(
                side,
                lambda: run_writes(
                    side.server.base_url,
                    requests,
                    mode="closed",
                    seconds=seconds,
                    connections=CONNECTIONS,
                    core=load_core,
                ),
            )
            after = asyncio.run(row_counts(db))
            side.next_pay += result.sent
            return sample(side, result, acc, cpu_all, before, after)

        return one

    def warm(kind: str) -> None:
        for name, side in sides.items():
            print(f"warm-up {side.server.name}: {kind} ({plan.warmup_s:g} s)")
            (offers_round if kind == "offers" else accepts_round)(0.0, plan.warmup_s)(name, -1)

    def rate_of(samples: dict[str, list[Sample]]) -> float:
        return float(round(min(median(s, "rps") for s in samples.values()) / 2))

    closed, opened = f"closed loop, {CONNECTIONS} connections", f"{plan.rounds} rounds"
    measured: dict[str, Any] = {}
    warm("offers")
    print(f"POST /offers throughput: {closed}, {opened} × {plan.throughput_s:g} s, A/B")
    measured["offers_closed"] = alternate([SOUK, PEER], plan.rounds, offers_round(0.0, plan.throughput_s))
    rate = rate_of(measured["offers_closed"])
    print(f"POST /offers latency: open loop at {rate:g} req/s, {opened} × {plan.open_loop_s:g} s, A/B")
    measured["offers_open"] = alternate([SOUK, PEER], plan.rounds, offers_round(rate, plan.open_loop_s))
    measured["offers_rate"] = rate
    for side in sides.values():
        # Enough offers for every accept round (accepts ran at about the side's offer rate,
        # the open loop at half the slower side's), topped up through the side's own API;
        # a round that still runs out is flagged and its rate taken over the time it ran.
        rps = median(measured["offers_closed"][side.name], "rps")
        need = int(1.3 * rps * (plan.warmup_s + plan.rounds * (plan.throughput_s + plan.open_loop_s / 2)))
        side.accepts = asyncio.run(accept_pool(db, side, tokens))
        if len(side.accepts) < need:
            extra = offer_requests(side, data, tokens, 2 * (need - len(side.accepts)))
            base = side.server.base_url
            made = run_writes(base, extra, mode="closed", seconds=1800, connections=CONNECTIONS, core=load_core)
            side.next_product += used_products(made.sent) + 1
            side.accepts = asyncio.run(accept_pool(db, side, tokens))
        print(f"  {side.name}: {len(side.accepts):,} offers to accept (products with two open offers)")
    warm("accepts")
    print(f"PATCH accept throughput: {closed}, {opened} × {plan.throughput_s:g} s, A/B")
    measured["accept_closed"] = alternate([SOUK, PEER], plan.rounds, accepts_round(0.0, plan.throughput_s))
    rate = rate_of(measured["accept_closed"])
    print(f"PATCH accept latency: open loop at {rate:g} req/s, {opened} × {plan.open_loop_s:g} s, A/B")
    measured["accept_open"] = alternate([SOUK, PEER], plan.rounds, accepts_round(rate, plan.open_loop_s))
    measured["accept_rate"] = rate
    for key, status, step, label in PAY_STEPS:
        # the pay step on the sales the accept phases opened: authorise them all, then capture
        for side in sides.values():
            side.pays, side.next_pay = asyncio.run(pay_pool(db, side, tokens, status, step)), 0
            print(f"  {side.name}: {len(side.pays):,} sales to {step}")
        print(f"{label} throughput: {closed}, {opened} × {plan.throughput_s:g} s, A/B")
        measured[f"{key}_closed"] = alternate([SOUK, PEER], plan.rounds, pays_round(plan.throughput_s))
    measured["storm"] = {name: storm(side, data, tokens, db, plan, load_core) for name, side in sides.items()}
    return measured


def storm(
    side: Side, data: dict[str, list[UUID]], tokens: dict[UUID, str], db: ScratchDatabase, plan: Plan, load_core: int
) -> dict[str, Any]:
    """Every storm product gets ``storm_size`` buyers' offers (made through the side's own
    API, not measured); then, product after product, the seller fires every accept at once."""
    buyers = data["buyers"]
    making = [
        WriteRequest(
            "POST",
            "/api/v1/offers",
            tokens[buyers[(p * plan.storm_size + b) % len(buyers)]],
            {"product_id": str(product), "price": {"amount": 5_000 + b, "currency": "EUR"}},
        )
        for p, product in enumerate(side.storm)
        for b in range(plan.storm_size)
    ]
    made = run_writes(side.server.base_url, making, mode="closed", seconds=600, connections=8, core=load_core)
    pool = asyncio.run(_storm_offers(db, side.storm))
    requests = [
        WriteRequest("PATCH", f"/api/v1/offers/{offer_id}/accept", tokens[seller], group=g)
        for g, (seller, offer_ids) in enumerate(pool)
        for offer_id in offer_ids
    ]
    before = asyncio.run(deadlocks(db))
    db.pin_backends(load_core)
    result = run_writes(side.server.base_url, requests, mode="storm", core=load_core)
    after = asyncio.run(deadlocks(db))
    settles = sorted(g["settle_ms"] for g in result.groups)
    summary = {
        "products": len(result.groups),
        "offers_made": made.ok,
        "size": statistics.median(g["size"] for g in result.groups) if result.groups else 0,
        "exactly_one_winner": sum(1 for g in result.groups if g["winners"] == 1),
        "conflicts_409": sum(g["conflicts"] for g in result.groups),
        "errors_5xx": sum(g["errors_5xx"] for g in result.groups),
        "settle_ms_median": statistics.median(settles) if settles else float("nan"),
        "settle_ms_max": settles[-1] if settles else float("nan"),
        "deadlocks": after - before,
        "statuses": result.statuses,
    }
    print(f"  storm {side.name}: {summary}")
    return summary


async def _storm_offers(db: ScratchDatabase, products: list[UUID]) -> list[tuple[UUID, list[UUID]]]:
    conn = await connect(db)
    try:
        rows = await conn.fetch(
            "SELECT product_id, seller_id, array_agg(id ORDER BY id) AS ids FROM offers "
            "WHERE product_id = ANY($1::uuid[]) AND status = 'pending' GROUP BY product_id, seller_id",
            products,
        )
    finally:
        await conn.close()
    return [(r["seller_id"], list(r["ids"])) for r in rows]


def render(measured: dict[str, Any], plan: Plan, same: bool, loadavg: tuple[float, float]) -> str:
    lines = ["## Offers on PostgreSQL — Souk vs FastAPI + pydantic + SQLAlchemy ORM peer (A/B)", ""]
    tables = []
    for key, label in (("offers", "POST /offers"), ("accept", "PATCH accept")):
        closed = measured[f"{key}_closed"]
        opened = measured[f"{key}_open"]
        rate = measured[f"{key}_rate"]
        metrics = [
            Metric("rps", f"{label}: throughput, req/s ({CONNECTIONS} conns)"),
            Metric("cpu_s_per_1k", f"{label}: server CPU s / 1,000 req (saturated)", False),
            Metric("req_per_cpu_s", f"{label}: req per server CPU-second", True),
        ]
        tables.append(comparison_table(metrics, SOUK, PEER, closed, header=not tables))
        latency = [
            Metric("p50_ms", f"{label}: p50 ms at {rate:g} req/s (open loop)", False),
            Metric("p99_ms", f"{label}: p99 ms at {rate:g} req/s (open loop)", False),
        ]
        tables.append(comparison_table(latency, SOUK, PEER, opened, header=False))
    for key, _, _, label in PAY_STEPS:
        metrics = [
            Metric("rps", f"{label}: throughput, req/s ({CONNECTIONS} conns)"),
            Metric("req_per_cpu_s", f"{label}: req per server CPU-second", True),
            Metric("p50_ms", f"{label}: p50 ms (closed loop)", False),
        ]
        tables.append(comparison_table(metrics, SOUK, PEER, measured[f"{key}_closed"], header=False))
    lines += tables
    lines += ["", "Rows written per successful request (median over the closed-loop rounds):", ""]
    lines += ["| request | side | " + " | ".join(TABLES) + " |", "| --- | --- |" + " ---: |" * len(TABLES)]
    steps = [("offers_closed", "POST /offers"), ("accept_closed", "PATCH accept")]
    steps += [(f"{key}_closed", label) for key, _, _, label in PAY_STEPS]
    for key, label in steps:
        for name in (SOUK, PEER):
            cells = " | ".join(fmt(median(measured[key][name], f"{t}_per_req")) for t in TABLES)
            lines.append(f"| {label} | {name} | {cells} |")
    lines += ["", "Parallel-accept storm (the seller accepts every open offer on one product at once):", ""]
    lines += [
        "| side | products | offers per product | exactly one winner | 409s | 5xx | deadlocks | "
        "settle ms median | settle ms max |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, s in measured["storm"].items():
        lines.append(
            f"| {name} | {s['products']} | {s['size']:g} | {s['exactly_one_winner']}/{s['products']} | "
            f"{s['conflicts_409']} | {s['errors_5xx']} | {s['deadlocks']} | {fmt(s['settle_ms_median'])} | "
            f"{fmt(s['settle_ms_max'])} |"
        )
    notes = []
    for key, label in steps:
        samples = measured[key]
        ratio = median(samples[SOUK], "rps") / median(samples[PEER], "rps")
        capacity = median(samples[SOUK], "req_per_cpu_s") / median(samples[PEER], "req_per_cpu_s")
        notes.append(
            f"{label}: target Souk ≥ {TARGET_RATIO:g}× the peer's throughput: "
            f"**{'met' if ratio >= TARGET_RATIO else 'NOT met'}** ({fmt(ratio)}× in req/s; {fmt(capacity)}× in "
            "requests per server CPU-second)."
        )
    notes.append(
        f"{plan.rounds} rounds; pool {POOL_SIZE} (no overflow) on each side; no Idempotency-Key sent; same statuses, "
        "JSON shape, fee and history for one offer + accept on both sides: "
        f"{'yes' if same else 'NO — comparison void'}."
    )
    load_before, load_after = loadavg
    notes.append(
        f"Machine load average (5 min) {load_before:.1f} before, {load_after:.1f} after, on {os.cpu_count()} cores."
    )
    for name in (SOUK, PEER):
        rows = [s for key in ("offers_closed", "accept_closed") for s in measured[key][name]]
        busy_lo, busy_hi = spread(rows, "load_core_busy")
        share = statistics.median(s["server_core_share"] for s in rows)
        errors = sum(
            s["errors"]
            for key in ("offers_closed", "offers_open", "accept_closed", "accept_open")
            for s in measured[key][name]
        )
        exhausted = sum(s["exhausted"] for s in measured["accept_closed"][name])
        notes.append(
            f"{name}: server used {share:.0%} of its core under closed loop; load core (client, PostgreSQL, anything "
            f"else) busy {busy_lo:.0%}–{busy_hi:.0%}; non-2xx answers {errors:.0f}; accept rounds that ran out of "
            f"offers before their time {exhausted:.0f} (their rate is over the time they ran)."
        )
    return "\n".join(lines) + "\n\n" + "\n".join(f"- {n}" for n in notes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="2 short rounds on little data: a smoke test")
    parser.add_argument("--rounds", type=int, help="rounds (default 5; 2 with --quick)")
    args = parser.parse_args()
    server_core, load_core = pick_cores()
    os.sched_setaffinity(0, {load_core})
    results = Path(__file__).parent / "results"
    results.mkdir(exist_ok=True)
    print(run(quick=args.quick, rounds=args.rounds, server_core=server_core, load_core=load_core, results_dir=results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
