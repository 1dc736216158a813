"""GET /api/v1/users/me (JWT check + one primary-key read on PostgreSQL): Souk against the
FastAPI peer in ``peers/fastapi_users_me.py``, in the same run, on the same database.

Phases: argon2id timing; scratch database migrated by Souk and seeded; both servers started
(uvicorn, one worker, uvloop, httptools, no access log) on the server core; same response
checked; warm-up; closed-loop throughput rounds (wrk), A/B alternated; open-loop rounds at one
fixed rate below both maxima for p50/p99; a markdown table of medians, spreads and ratios."""

from __future__ import annotations

import asyncio
import json
import os
import random
import secrets
import statistics
import time
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from harness.ab import Sample, accounted, alternate
from harness.openloop import run_open_loop
from harness.report import Metric, comparison_table, fmt, median, spread
from harness.scratch_db import ScratchDatabase, scratch_database
from harness.server import Server, before_tree_argv, free_port, uvicorn_argv
from harness.wrk import run_wrk
from souk.adapters.security.argon2_password_hasher import Argon2PasswordHasher
from souk.adapters.security.jwt_access_tokens import JwtAccessTokens
from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.tables import users
from souk.adapters.system.clock import SystemClock
from souk.application.shared.ids import new_id
from souk.bootstrap.migrations import migrate
from souk.bootstrap.settings import Settings
from souk.domain.accounts.notifications import default_settings

PATH = "/api/v1/users/me"
SOUK, PEER = "souk", "fastapi"
PEERS_DIR = Path(__file__).parent / "peers"
POOL_SIZE = 20  # Souk's default
WRK_CONNECTIONS = 32
OPEN_LOOP_SHARE = 0.5  # fixed rate = this share of the slower side's median throughput
TARGET_RATIO = 2.0


@dataclass(frozen=True)
class Plan:
    rounds: int
    users: int
    warmup_s: float
    throughput_s: float
    open_loop_s: float
    argon2_samples: int


FULL = Plan(rounds=5, users=10_000, warmup_s=10, throughput_s=15, open_loop_s=15, argon2_samples=7)
QUICK = Plan(rounds=2, users=2_000, warmup_s=2, throughput_s=3, open_loop_s=3, argon2_samples=3)


def choose_plan(quick: bool, rounds: int | None) -> Plan:
    chosen = QUICK if quick else FULL
    return replace(chosen, rounds=rounds) if rounds else chosen


def run(*, quick: bool, rounds: int | None, server_core: int, load_core: int, results_dir: Path) -> str:
    plan = choose_plan(quick, rounds)
    print(f"users/me: {plan}")
    argon2 = time_argon2(plan.argon2_samples)
    print(f"argon2id hash (m=19456 KiB, t=2, p=1): median {argon2['hash_ms']:.1f} ms")
    secret = secrets.token_urlsafe(48)
    with scratch_database() as db:
        settings = Settings(database_url=db.url(), jwt_secret=secret, db_pool_size=POOL_SIZE)
        asyncio.run(migrate(settings))
        ids = asyncio.run(seed(settings, plan.users))
        tokens_file = results_dir / "users_me.tokens"
        write_tokens(tokens_file, ids, secret)
        souk, peer = servers(db, secret, server_core, results_dir)
        try:
            with souk, peer:
                same = same_response(souk, peer, tokens_file)
                measured = measure(souk, peer, db, tokens_file, plan, load_core)
        finally:
            tokens_file.unlink(missing_ok=True)
    report = render(measured, argon2, same, plan)
    (results_dir / "users_me.md").write_text(report + "\n")
    raw = {"measured": asdict(measured), "argon2": argon2, "plan": asdict(plan)}
    (results_dir / "users_me.json").write_text(json.dumps(raw, indent=1))
    return report


def time_argon2(samples: int) -> dict[str, float]:
    hasher = Argon2PasswordHasher(memory_kib=19456, time_cost=2, parallelism=1)

    async def timed() -> tuple[list[float], list[float]]:
        hashes, verifies = [], []
        for _ in range(samples):
            started = time.perf_counter()
            digest = await hasher.hash("plum kettle orbit saffron")
            hashes.append(time.perf_counter() - started)
            started = time.perf_counter()
            await hasher.verify(digest, "plum kettle orbit saffron")
            verifies.append(time.perf_counter() - started)
        return hashes, verifies

    hashes, verifies = asyncio.run(timed())
    return {
        "hash_ms": statistics.median(hashes) * 1000,
        "hash_min_ms": min(hashes) * 1000,
        "hash_max_ms": max(hashes) * 1000,
        "verify_ms": statistics.median(verifies) * 1000,
    }


async def seed(settings: Settings, count: int) -> list[UUID]:
    """``count`` users in one bulk insert; one argon2 hash shared by all (hashing is not measured here)."""
    password_hash = await Argon2PasswordHasher().hash("bench-password")
    now = datetime.now(UTC)
    rows = []
    for i in range(count):
        located = i % 2 == 0
        rows.append(
            {
                "id": new_id(),
                "username": f"user{i:06d}",
                "display_name": f"Bench User {i}",
                "password_hash": password_hash,
                "phone": f"+2126{i:08d}",
                "email": f"user{i}@example.com" if i % 3 else None,
                "phone_verified": i % 4 != 0,
                "avatar_url": f"https://cdn.example.com/avatars/{i}.jpg" if i % 5 else None,
                "bio": "Vintage furniture and vinyl, Casablanca." if i % 2 else "",
                "seller_tier": "pro" if i % 10 == 0 else "free",
                "role": "user",
                "home_lat": 33.57 + (i % 100) / 1000 if located else None,
                "home_lng": -7.59 - (i % 100) / 1000 if located else None,
                "neighborhood": "Maarif" if located else None,
                "notification_settings": default_settings(),
                "created_at": now - timedelta(seconds=count - i),
                "updated_at": now,
            }
        )
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        async with engine.begin() as conn:
            await conn.execute(users.insert(), rows)
            await conn.exec_driver_sql("ANALYZE users")
    finally:
        await engine.dispose()
    return [row["id"] for row in rows]


def write_tokens(path: Path, ids: list[UUID], secret: str) -> None:
    """One access token per user, minted by Souk's own JwtAccessTokens, in a shuffled order so
    consecutive requests hit unrelated rows. Two hours of validity outlasts any run."""
    tokens = JwtAccessTokens(secret, "souk", "souk-api", clock=SystemClock(), ttl=timedelta(hours=2))
    now = datetime.now(UTC)
    shuffled = ids[:]
    random.Random(2).shuffle(shuffled)
    path.write_text("\n".join(tokens.issue(user_id, uuid4(), now).token for user_id in shuffled) + "\n")


def souk_env(db: ScratchDatabase, secret: str) -> dict[str, str]:
    """Souk in production mode on the scratch database, access log off, no SOUK_* inherited."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SOUK_", "BENCH_"))}
    return {
        **base,
        "SOUK_DATABASE_URL": db.url(),
        "SOUK_JWT_SECRET": secret,
        "SOUK_ACCESS_LOG": "false",
        "SOUK_LOG_LEVEL": "WARNING",
        "SOUK_AUTO_MIGRATE": "false",
        "SOUK_DB_POOL_SIZE": str(POOL_SIZE),
        "SOUK_DATA_DIR": "/tmp/souk-bench-data",  # unused with a secret and PostgreSQL
    }


def souk_pool(url: str) -> tuple[int, int]:
    """(pool_size, max_overflow) of the pool Souk's own engine factory builds, for the peer to copy."""
    pool = create_engine(url, pool_size=POOL_SIZE).pool  # connects to nothing until used
    return pool.size(), int(getattr(pool, "_max_overflow", POOL_SIZE))


def servers(db: ScratchDatabase, secret: str, core: int, log_dir: Path) -> tuple[Server, Server]:
    souk_port, peer_port = free_port(), free_port()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SOUK_", "BENCH_"))}
    size, overflow = souk_pool(db.url())
    peer_env = {
        "BENCH_DATABASE_URL": db.url(),
        "BENCH_JWT_SECRET": secret,
        "BENCH_DB_POOL_SIZE": str(size),
        "BENCH_DB_MAX_OVERFLOW": str(overflow),
    }
    souk_argv = uvicorn_argv("souk.bootstrap.http_app:app_from_env", souk_port, factory=True)
    peer_argv = uvicorn_argv("fastapi_users_me:app", peer_port, app_dir=str(PEERS_DIR))
    common = {"core": core, "log_dir": log_dir, "inherit_env": False}
    if (before := before_tree_argv("souk.bootstrap.http_app:app_from_env", peer_port)) is not None:
        peer_argv, base, peer_env = before, {}, souk_env(db, secret)  # A/B against an earlier commit
    return (
        Server(SOUK, souk_argv, souk_port, env=souk_env(db, secret), **common),
        Server(PEER, peer_argv, peer_port, env={**base, **peer_env}, **common),
    )


def same_response(souk: Server, peer: Server, tokens_file: Path) -> bool:
    """Both sides must answer the same JSON for the same tokens, or the comparison is void.
    When they differ, the keys that differ are printed with both values."""
    for token in tokens_file.read_text().split()[:20]:
        auth = {"Authorization": f"Bearer {token}"}
        (s_status, s_body), (p_status, p_body) = souk.get(PATH, auth), peer.get(PATH, auth)
        if s_status != 200 or p_status != 200:
            print(f"  RESPONSES DIFFER:\n  souk {s_status} {s_body[:400]!r}\n  peer {p_status} {p_body[:400]!r}")
            return False
        differences = json_differences(json.loads(s_body), json.loads(p_body))
        if differences:
            print(f"  RESPONSES DIFFER ({SOUK} vs {PEER}):")
            for line in differences:
                print(f"    {line}")
            return False
    return True


def json_differences(ours: Any, theirs: Any, at: str = "") -> list[str]:
    """Where two JSON documents differ: one line per key path (``payouts.enabled``), with both values."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        lines = []
        for key in sorted(ours.keys() | theirs.keys()):
            path = f"{at}.{key}" if at else key
            if key not in theirs:
                lines.append(f"{path}: only in {SOUK} ({ours[key]!r})")
            elif key not in ours:
                lines.append(f"{path}: only in {PEER} ({theirs[key]!r})")
            else:
                lines += json_differences(ours[key], theirs[key], path)
        return lines
    return [] if ours == theirs else [f"{at or '(document)'}: {SOUK} {ours!r} != {PEER} {theirs!r}"]


@dataclass(frozen=True)
class Measured:
    throughput: dict[str, list[Sample]]
    latency: dict[str, list[Sample]]
    rate: float  # of the open-loop rounds
    pool: tuple[int, int]  # pool_size, max_overflow of both sides
    loadavg: tuple[float, float]  # 5-minute load average before and after


def measure(souk: Server, peer: Server, db: ScratchDatabase, tokens_file: Path, plan: Plan, load_core: int) -> Measured:
    by_name = {SOUK: souk, PEER: peer}
    load_before = os.getloadavg()[1]
    for server in by_name.values():
        print(f"warm-up {server.name} ({plan.warmup_s:g} s)")
        run_wrk(server.base_url, PATH, tokens_file, seconds=plan.warmup_s, connections=WRK_CONNECTIONS, core=load_core)
    print(f"pinned {db.pin_backends(load_core)} PostgreSQL backends to core {load_core}")

    def closed_loop(name: str, _round: int) -> Sample:
        server = by_name[name]
        db.pin_backends(load_core)
        result, acc = accounted(
            server,
            load_core,
            lambda: run_wrk(
                server.base_url,
                PATH,
                tokens_file,
                seconds=plan.throughput_s,
                connections=WRK_CONNECTIONS,
                core=load_core,
            ),
        )
        return {
            "rps": result.rps,
            "cpu_s_per_1k": acc.server_cpu_seconds / result.requests * 1000,
            "req_per_cpu_s": result.requests / acc.server_cpu_seconds,
            "p99_closed_ms": result.p99_ms,
            "server_core_share": acc.server_core_share,
            "load_core_busy": acc.load_core_busy,
            "wrk_core_share": result.client_cpu_seconds / acc.wall_seconds,
            "errors": float(result.errors + result.non_2xx),
        }

    print(f"throughput: wrk, {WRK_CONNECTIONS} connections, {plan.rounds} rounds × {plan.throughput_s:g} s, A/B")
    throughput = alternate([SOUK, PEER], plan.rounds, closed_loop)
    rate = max(10.0, round(OPEN_LOOP_SHARE * min(median(throughput[n], "rps") for n in by_name), -1))

    def open_loop(name: str, _round: int) -> Sample:
        server = by_name[name]
        db.pin_backends(load_core)
        result, acc = accounted(
            server,
            load_core,
            lambda: run_open_loop(
                server.base_url, PATH, tokens_file, rate=rate, seconds=plan.open_loop_s, core=load_core
            ),
        )
        return {
            "p50_ms": result.p50_ms,
            "p99_ms": result.p99_ms,
            "cpu_s_per_1k_open": acc.server_cpu_seconds / max(result.ok, 1) * 1000,
            "load_core_busy": acc.load_core_busy,
            "send_lag_p99_ms": result.send_lag_p99_ms,
            "errors": float(result.errors),
        }

    print(f"latency: open loop at {rate:g} req/s, {plan.rounds} rounds × {plan.open_loop_s:g} s, A/B")
    latency = alternate([SOUK, PEER], plan.rounds, open_loop)
    return Measured(throughput, latency, rate, souk_pool(db.url()), (load_before, os.getloadavg()[1]))


def render(m: Measured, argon2: dict[str, float], same: bool, plan: Plan) -> str:
    throughput, latency, rate = m.throughput, m.latency, m.rate
    closed = [
        Metric("rps", f"throughput, req/s (wrk, {WRK_CONNECTIONS} conns)"),
        Metric("cpu_s_per_1k", "server CPU s / 1,000 req (saturated)", higher_is_better=False),
        Metric("req_per_cpu_s", "req per server CPU-second (capacity of one core, noise-robust)"),
        Metric("p99_closed_ms", "p99 ms at saturation (closed loop, indicative)", higher_is_better=False),
    ]
    opened = [
        Metric("p50_ms", f"p50 ms at {rate:g} req/s (open loop)", higher_is_better=False),
        Metric("p99_ms", f"p99 ms at {rate:g} req/s (open loop)", higher_is_better=False),
        Metric("cpu_s_per_1k_open", f"server CPU s / 1,000 req at {rate:g} req/s", higher_is_better=False),
    ]
    table = comparison_table(closed, SOUK, PEER, throughput)
    table += "\n" + comparison_table(opened, SOUK, PEER, latency, header=False)
    ratio = median(throughput[SOUK], "rps") / median(throughput[PEER], "rps")
    capacity = median(throughput[SOUK], "req_per_cpu_s") / median(throughput[PEER], "req_per_cpu_s")
    verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
    (size, overflow), (load_before, load_after) = m.pool, m.loadavg
    notes = [
        f"Target Souk ≥ {TARGET_RATIO:g}× the peer's throughput: **{verdict}** ({fmt(ratio)}× in req/s; "
        f"{fmt(capacity)}× in requests per server CPU-second, the figure noise moves least).",
        f"argon2id hash at m=19456 KiB, t=2, p=1: median {argon2['hash_ms']:.1f} ms "
        f"[{argon2['hash_min_ms']:.1f}–{argon2['hash_max_ms']:.1f}], verify {argon2['verify_ms']:.1f} ms.",
        f"{plan.rounds} rounds A/B, {plan.users:,} users rotated; pool {size} (+{overflow} overflow) each; "
        f"identical JSON responses: {'yes' if same else 'NO — comparison void'}.",
        f"Machine load average (5 min) {load_before:.1f} before, {load_after:.1f} after, on {os.cpu_count()} cores"
        f"{': other work shared the cores, read CPU per request before req/s' if load_after > 2.5 else ''}.",
    ]
    for name in (SOUK, PEER):
        busy_lo, busy_hi = spread(throughput[name], "load_core_busy")
        share = median(throughput[name], "server_core_share")
        errors = sum(s["errors"] for s in throughput[name] + latency[name])
        lag = max(s["send_lag_p99_ms"] for s in latency[name])
        wrk_share = median(throughput[name], "wrk_core_share")
        starved = " (starved: other work on its core, or waiting on the database)" if share < 0.85 else ""
        saturated = " (SATURATED: the load generator may have measured itself)" if busy_hi > 0.95 else ""
        notes.append(
            f"{name}: server used {share:.0%} of its core under wrk{starved}; load core (wrk {wrk_share:.0%}, "
            f"PostgreSQL, anything else) busy {busy_lo:.0%}–{busy_hi:.0%}{saturated}; errors {errors:.0f}; "
            f"open-loop send lag p99 ≤ {lag:.2f} ms."
        )
    return "## GET /api/v1/users/me — Souk vs FastAPI peer\n\n" + table + "\n\n" + "\n".join(f"- {n}" for n in notes)
