"""Benchmark: Stripe webhook ingestion on PostgreSQL (issue 16) — events applied exactly
once at >= 1,000 events/s, with duplicates and reordering.

One ``souk serve`` (PostgreSQL, ``SOUK_PAYMENTS=stripe``) takes signed Stripe-shaped events
on ``POST /api/v1/payments/webhooks/stripe`` from 32 concurrent connections. Each seeded
card payment gets three events (``amount_capturable_updated``, ``payment_intent.succeeded``,
``charge.refunded`` of a part); 30 % of the events are sent twice (Stripe retries) and the
whole stream is shuffled, so captures and refunds often arrive before the authorisation.
Afterwards the database must show: every event claimed once, every payment
``partially_refunded``, and each payment's ledger summing to capture 200.00, refund -50.00,
fee 7.50, payout 142.50 and no hold left, whatever order its events came in. The figure is
distinct events applied per second (duplicates excluded). Signatures are real
(HMAC-SHA256 ``t=…,v1=…``, checked by the stripe SDK in Souk). No peer: this measures
Souk's own ingestion against the issue's target. Runs alone:
``uv run --group bench python benchmarks/payment_webhooks.py [--quick]``.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from harness.cpu import pick_cores
from harness.rawhttp import HttpConnection
from harness.scratch_db import ScratchDatabase, scratch_database
from harness.server import Server, free_port, uvicorn_argv

SECRET = "whsec_bench_webhooks"
CONNECTIONS = 32
TARGET = 1_000.0
PRICE, FEE, REFUND = 20_000, 1_000, 5_000
DUPLICATES = 0.3
WEBHOOK_PATH = "/api/v1/payments/webhooks/stripe"


def souk_env(db: ScratchDatabase) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SOUK_", "BENCH_"))}
    return {
        **base,
        "SOUK_DATABASE_URL": db.url(),
        "SOUK_JWT_SECRET": "b" * 48,
        "SOUK_ACCESS_LOG": "false",
        "SOUK_LOG_LEVEL": "WARNING",
        "SOUK_AUTO_MIGRATE": "false",
        "SOUK_DATA_DIR": "/tmp/souk-bench-data",
        "SOUK_PAYMENTS": "stripe",
        "SOUK_STRIPE_SECRET_KEY": "sk_test_bench",
        "SOUK_STRIPE_WEBHOOK_SECRET": SECRET,
        "SOUK_STRIPE_API_BASE": "http://127.0.0.1:9",  # never called: webhooks only
        "SOUK_PAYMENTS_RECONCILE_AFTER_S": "86400",
    }


async def seed(db: ScratchDatabase, count: int) -> list[tuple[UUID, str]]:
    """Card payments waiting for their card step (no sale rows: the ledger path only)."""
    now = datetime.now(UTC)
    facts = json.dumps(
        {"authorized": False, "captured": False, "cancelled": False, "expired": False, "refunded": 0,
         "dispute_opened": False, "dispute_closed": False, "dispute_lost": 0}
    )  # fmt: skip
    rows = []
    for i in range(count):
        rows.append((uuid4(), uuid4(), uuid4(), "card", "stripe", "EUR", PRICE, FEE, f"pi_bench_{i}",
                     f"pi_bench_{i}_secret", False, facts, "pending", now, now))  # fmt: skip
    conn = await asyncpg.connect(db.url("postgresql"))
    try:
        await conn.executemany(
            """INSERT INTO payments (transaction_id, buyer_id, seller_id, method, provider, currency, price_amount,
                 fee_amount, intent_id, client_secret, auto_capture, facts, status, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::json, $13, $14, $15)""",
            rows,
        )
    finally:
        await conn.close()
    return [(r[0], str(r[8])) for r in rows]


def events_for(intent_id: str, n: int) -> list[dict[str, Any]]:
    created = int(time.time())

    def event(kind: str, obj: dict[str, Any]) -> dict[str, Any]:
        return {"id": f"evt_{n}_{kind}", "object": "event", "type": kind, "created": created,
                "livemode": False, "data": {"object": obj}}  # fmt: skip

    return [
        event("payment_intent.amount_capturable_updated", {"id": intent_id, "status": "requires_capture"}),
        event("payment_intent.succeeded", {"id": intent_id, "status": "succeeded"}),
        event("charge.refunded", {"id": f"ch_{n}", "payment_intent": intent_id, "amount_refunded": REFUND}),
    ]


def signed(event: dict[str, Any]) -> tuple[bytes, str]:
    payload = json.dumps(event).encode()
    stamp = int(time.time())
    signature = hmac.new(SECRET.encode(), b"%d.%s" % (stamp, payload), hashlib.sha256).hexdigest()
    return payload, f"t={stamp},v1={signature}"


def raw_request(port: int, payload: bytes, signature: str) -> bytes:
    head = (
        f"POST {WEBHOOK_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Stripe-Signature: {signature}\r\nContent-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


async def deliver(port: int, events: list[dict[str, Any]]) -> tuple[float, int]:
    """All events over ``CONNECTIONS`` keep-alive connections (the harness's bare HTTP/1.1
    client: the client measures the server, not itself), a refused or failed delivery
    retried as Stripe retries; (seconds, deliveries that had to be retried)."""
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for event in events:
        queue.put_nowait(raw_request(port, *signed(event)))  # signed up front: the timer measures Souk, not HMAC
    retried = 0

    async def worker() -> None:
        nonlocal retried
        conn: HttpConnection | None = None
        while not queue.empty():
            raw = queue.get_nowait()
            try:
                conn = conn or await HttpConnection.open("127.0.0.1", port)
                delivered = 200 <= await conn.request(raw) < 300
            except (OSError, asyncio.IncompleteReadError):
                conn, delivered = None, False
            if not delivered:
                retried += 1
                queue.put_nowait(raw)
        if conn is not None:
            conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
    return time.perf_counter() - started, retried


async def verify(db: ScratchDatabase, payments: int, distinct: int) -> dict[str, Any]:
    """Exactly once: one claim per distinct event, and each payment's money where the
    three facts put it whatever the order (which entries carry it depends on the order)."""
    conn = await asyncpg.connect(db.url("postgresql"))
    try:
        claims = await conn.fetchval("SELECT count(*) FROM payment_provider_events")
        statuses = dict(await conn.fetch("SELECT status, count(*) FROM payments GROUP BY status"))
        totals = await conn.fetch(
            "SELECT kind, count(DISTINCT transaction_id), sum(amount) FROM payment_ledger GROUP BY kind"
        )
        wrong = await conn.fetchval(
            """SELECT count(*) FROM (SELECT transaction_id,
                 sum(amount) FILTER (WHERE kind = 'hold') AS hold,
                 sum(amount) FILTER (WHERE kind = 'capture') AS capture,
                 sum(amount) FILTER (WHERE kind = 'refund') AS refund,
                 sum(amount) FILTER (WHERE kind = 'fee') AS fee,
                 sum(amount) FILTER (WHERE kind = 'payout') AS payout
               FROM payment_ledger GROUP BY transaction_id) t
               WHERE coalesce(hold, 0) <> 0 OR capture <> $1 OR refund <> $2 OR fee <> $3 OR payout <> $4""",
            PRICE,
            -REFUND,
            FEE - FEE * REFUND // PRICE,
            PRICE - REFUND - (FEE - FEE * REFUND // PRICE),
        )
    finally:
        await conn.close()
    return {
        "claims": claims,
        "claims_ok": claims == distinct,
        "statuses": statuses,
        "statuses_ok": statuses == {"partially_refunded": payments},
        "wrong_money": wrong,
        "totals": {row[0]: (row[1], row[2]) for row in totals},
    }


def run(*, quick: bool, server_core: int, results_dir: Path) -> str:
    payments = 300 if quick else 5_000
    with scratch_database() as db:
        env = souk_env(db)
        subprocess.run([sys.executable, "-m", "souk", "migrate"], env=env, check=True, capture_output=True)
        seeded = asyncio.run(seed(db, payments))
        events = [e for n, (_, intent) in enumerate(seeded) for e in events_for(intent, n)]
        rng = random.Random(16)
        stream = events + rng.sample(events, int(DUPLICATES * len(events)))
        rng.shuffle(stream)
        port = free_port()
        argv = uvicorn_argv("souk.bootstrap.http_app:app_from_env", port, factory=True)
        if os.environ.get("BENCH_PROFILE"):  # the server under cProfile, its stats written at exit
            argv = [argv[0], "-m", "cProfile", "-o", os.environ["BENCH_PROFILE"], *argv[1:]]
        with Server("payment-webhooks", argv, port, env=env, inherit_env=False, core=server_core,
                    log_dir=results_dir) as souk:  # fmt: skip
            cpu_before, load_before = souk.cpu_seconds(), os.getloadavg()[0]
            seconds, errors = asyncio.run(deliver(port, stream))
            server_cpu, load_after = souk.cpu_seconds() - cpu_before, os.getloadavg()[0]
        checks = asyncio.run(verify(db, payments, len(events)))
    rate = len(events) / seconds
    cpu_ms = server_cpu / len(events) * 1000
    ok = checks["claims_ok"] and checks["statuses_ok"] and not checks["wrong_money"]
    report = "\n".join(
        [
            "## Payment webhooks: ingestion on PostgreSQL (issue 16)",
            "",
            "| payments | distinct events | sent (with duplicates) | seconds | distinct events/s | target | retried"
            " | server CPU ms / distinct event | load (1 min) before → after |",
            "|---|---|---|---|---|---|---|---|---|",
            f"| {payments:,} | {len(events):,} | {len(stream):,} | {seconds:.2f} | {rate:,.0f} | {TARGET:,.0f}"
            f" | {errors} | {cpu_ms:.2f} | {load_before:.2f} → {load_after:.2f} |",
            "",
            f"- Exactly once: {'yes' if ok else 'NO'} — claims {checks['claims']:,} (distinct events), statuses "
            f"{checks['statuses']}, payments whose ledger is not capture 20000 / refund -5000 / fee 750 / payout"
            f" 14250 / hold 0: {checks['wrong_money']}.",
            f"- {CONNECTIONS} connections; {DUPLICATES:.0%} of the events sent twice; order shuffled.",
        ]
    )
    (results_dir / "payment_webhooks.md").write_text(report + "\n")
    (results_dir / "payment_webhooks.json").write_text(
        json.dumps(
            {
                "payments": payments,
                "events": len(events),
                "sent": len(stream),
                "seconds": seconds,
                "rate": rate,
                "errors": errors,
                "server_cpu_s": server_cpu,
                "server_cpu_ms_per_event": cpu_ms,
                "loadavg": (load_before, load_after),
                "checks": checks,
            },
            indent=1,
            default=str,
        )
    )
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="300 payments: a smoke test")
    args = parser.parse_args()
    server_core, load_core = pick_cores()
    os.sched_setaffinity(0, {load_core})
    results = Path(__file__).parent / "results"
    results.mkdir(exist_ok=True)
    print(run(quick=args.quick, server_core=server_core, results_dir=results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
