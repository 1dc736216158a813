"""The catalog's feeds and search on PostgreSQL with 1,000,000 products (issue 3).

- Souk alone, open loop (fixed rate, 200 req/s, from a separate pinned process): p50/p99 of the
  Community feed at 10 km, search, Discover first page and next pages, with the server's CPU
  seconds per 1,000 requests beside them. Targets: community p99 ≤ 15 ms, search p99 ≤ 50 ms,
  discover p99 ≤ 10 ms.
- Discover first page and next pages, Souk against ``peers/fastapi_catalog.py`` (FastAPI +
  pydantic + SQLAlchemy ORM, the same query and JSON, the same pool): closed-loop throughput
  (wrk), A/B rounds. Target: Souk at least twice the peer.

Inputs rotate so no cache flatters one: next pages walk ``pages`` cursors deep (each side its
own cursors), the Community feed turns around three points in each of the seeder's eight
cities, search turns through ``search_mix`` (issue 19: 1,000 queries drawn from the titles'
vocabulary by a Zipf law, with filters, sorts and words that match nothing, fixed by a seed),
and ``search_pairs`` through the 24 adjective + noun pairs of the seeder's titles.

Data: ``souk demo seed`` (the real CLI: eight cities, both feeds) into a scratch database, then
``VACUUM ANALYZE`` (what autovacuum does after a bulk load); or an already seeded database given
as ``BENCH_CATALOG_DATABASE_URL`` (``postgresql+asyncpg://…``, migrated to this tree's schema, never
dropped: seed it once, e.g. with a run's own seeding commands, and every later run skips the minutes of seeding).
Run: ``uv run --group bench python benchmarks/run.py --only catalog_feeds [--quick]``. Only some
open-loop routes (no Discover A/B, no peer): ``BENCH_CATALOG_ROUTES=search,search_pairs`` (or
``--routes`` when this file is run itself); ``health_floor`` always runs."""

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
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Protocol
from uuid import UUID

import asyncpg

from harness.ab import Sample, accounted, alternate
from harness.cpu import pick_cores
from harness.openloop import run_open_loop
from harness.report import Metric, comparison_table, fmt, median, spread
from harness.scratch_db import ScratchDatabase, scratch_database
from harness.server import Server, free_port, uvicorn_argv
from harness.wrk import run_wrk
from search_mix import search_paths as search_mix_paths
from souk.adapters.sql.engine import create_engine
from souk.application.catalog.demo_data import ADJECTIVES, CITIES, NOUNS
from users_me import write_tokens

SOUK, PEER = "souk", "fastapi"
PEERS_DIR = Path(__file__).parent / "peers"
POOL_SIZE = 20  # Souk's default (SOUK_DB_POOL_SIZE), no overflow; the peer gets the same
WRK_CONNECTIONS = 32
LIMIT = 20
DISCOVER = f"/api/v1/feeds/discover?limit={LIMIT}"
TARGETS_P99_MS = {
    "discover_first": 10.0,
    "discover_next": 10.0,
    "community_10km": 15.0,
    "search": 50.0,
    "search_pairs": 50.0,
}
TARGETS_P50_MS = {"search": 10.0}  # issue 19
ROUTES = ("discover_first", "discover_next", "community_10km", "search", "search_pairs")
DISCOVER_ROUTES = frozenset({"discover_first", "discover_next"})
TARGET_RATIO = 2.0
HEALTH = "health_floor"


@dataclass(frozen=True)
class Plan:
    rounds: int
    products: int
    users: int
    warmup_s: float
    throughput_s: float
    open_loop_s: float
    rate: float  # open loop, req/s: the 200
    pages: int  # next-page cursors rotated, per side


FULL = Plan(
    rounds=5, products=1_000_000, users=20_000, warmup_s=10, throughput_s=15, open_loop_s=15, rate=200, pages=50
)
QUICK = Plan(rounds=2, products=50_000, users=1_000, warmup_s=2, throughput_s=3, open_loop_s=3, rate=100, pages=10)


def choose_plan(quick: bool, rounds: int | None) -> Plan:
    chosen = QUICK if quick else FULL
    return replace(chosen, rounds=rounds) if rounds else chosen


class Database(Protocol):
    name: str

    def url(self, driver: str = "postgresql+asyncpg") -> str: ...

    def pin_backends(self, core: int) -> int: ...


class ExistingDatabase:
    """A database seeded beforehand (``BENCH_CATALOG_DATABASE_URL``): used as is, never dropped."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self._rest = url.split("://", 1)[1]
        self.name = parts.path.lstrip("/")
        self._scratch = ScratchDatabase(
            self.name, parts.hostname or "127.0.0.1", parts.port or 5432, parts.username or "postgres"
        )

    def url(self, driver: str = "postgresql+asyncpg") -> str:
        return f"{driver}://{self._rest}"

    def pin_backends(self, core: int) -> int:
        return self._scratch.pin_backends(core)


@dataclass(frozen=True)
class Inputs:
    souk_next: list[str]  # next-page paths, Souk's own cursors
    peer_next: list[str]  # the same pages, the peer's cursors
    community: list[str]
    search: list[str]
    search_pairs: list[str]
    same: bool  # both sides answered every walked page identically (cursors aside)


def chosen_routes(raw: str | None) -> tuple[str, ...]:
    """The open-loop routes to run (``BENCH_CATALOG_ROUTES``, comma-separated), all by default."""
    if not raw:
        return ROUTES
    names = tuple(name.strip() for name in raw.split(",") if name.strip())
    unknown = set(names) - set(ROUTES)
    if unknown:
        raise SystemExit(f"unknown catalog routes {sorted(unknown)}; known: {', '.join(ROUTES)}")
    return names


def run(*, quick: bool, rounds: int | None, server_core: int, load_core: int, results_dir: Path) -> str:
    plan = choose_plan(quick, rounds)
    routes = chosen_routes(os.environ.get("BENCH_CATALOG_ROUTES"))
    with_discover = bool(DISCOVER_ROUTES & set(routes))
    print(f"catalog feeds: {plan}; routes {', '.join(routes)}")
    secret = secrets.token_urlsafe(48)
    existing = os.environ.get("BENCH_CATALOG_DATABASE_URL")
    database: AbstractContextManager[Database] = (
        nullcontext(ExistingDatabase(existing)) if existing else scratch_database()
    )
    with database as db:
        env = souk_env(db.url(), secret)
        if existing:
            migrate(env)  # a database seeded by an earlier tree gets this tree's schema (cheap when current)
        else:
            seed(env, db, plan)
        counts = asyncio.run(count_rows(db))
        print(f"  {counts['products']:,} products, {counts['discover']:,} available on Discover")
        # Every route reads the viewer (whose sellers to leave out), and Souk refuses a bearer
        # it cannot verify (401) even on public routes, so every request carries a real one:
        # signed-in buyers, 500 of the seeded users, rotated. The peer ignores the header.
        viewers_file = results_dir / "catalog_feeds.viewers"
        # The Discover A/B against the peer, which does no viewer work, is anonymous on both sides.
        anonymous_file = results_dir / "catalog_feeds.anonymous"
        anonymous_file.write_text("-\n")
        write_tokens(viewers_file, asyncio.run(some_users(db, 500)), secret)
        souk, peer = servers(env, db.url(), server_core, results_dir)
        try:
            with souk, peer if with_discover else nullcontext(peer):
                inputs = prepare_inputs(souk, peer if with_discover else None, plan)
                load_before = os.getloadavg()[1]
                latency = open_loop_rounds(souk, db, viewers_file, plan, load_core, inputs, routes)
                throughput = (
                    throughput_rounds(souk, peer, db, anonymous_file, plan, load_core, inputs) if with_discover else {}
                )
                loadavg = (load_before, os.getloadavg()[1])
        finally:
            viewers_file.unlink(missing_ok=True)
            anonymous_file.unlink(missing_ok=True)
    report = render(latency, throughput, inputs, plan, counts, loadavg)
    (results_dir / "catalog_feeds.md").write_text(report + "\n")
    raw = {"latency": latency, "throughput": throughput, "plan": asdict(plan), "counts": counts, "loadavg": loadavg}
    (results_dir / "catalog_feeds.json").write_text(json.dumps(raw, indent=1))
    return report


def souk_env(url: str, secret: str) -> dict[str, str]:
    """Souk in production mode on the benchmark database, access log off, no SOUK_* inherited."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SOUK_", "BENCH_"))}
    return {
        **base,
        "SOUK_DATABASE_URL": url,
        "SOUK_JWT_SECRET": secret,
        "SOUK_ACCESS_LOG": "false",
        "SOUK_LOG_LEVEL": "WARNING",
        "SOUK_AUTO_MIGRATE": "false",
        "SOUK_DB_POOL_SIZE": str(POOL_SIZE),
        "SOUK_DATA_DIR": "/tmp/souk-bench-data",  # unused with a secret and PostgreSQL
        # the search cache's size (issue 19); BENCH_SEARCH_CACHE_PAGES=0 measures every search uncached
        **({"SOUK_SEARCH_CACHE_PAGES": pages} if (pages := os.environ.get("BENCH_SEARCH_CACHE_PAGES")) else {}),
    }


def migrate(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "souk", "migrate"], env=env, check=True, capture_output=True)


def seed(env: dict[str, str], db: Database, plan: Plan) -> None:
    """Through the real CLI, what a new user runs: migrate, then ``souk demo seed``."""
    souk = [sys.executable, "-m", "souk"]
    migrate(env)
    argv = [*souk, "demo", "seed", "--users", str(plan.users), "--products", str(plan.products), "--seed", "1"]
    print(f"seeding {plan.products:,} products …")
    done = subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
    print("  " + done.stdout.strip().splitlines()[-1])
    asyncio.run(_execute(db, "VACUUM ANALYZE products", "VACUUM ANALYZE users"))


async def _execute(db: Database, *statements: str) -> None:
    conn = await asyncpg.connect(db.url("postgresql"))
    try:
        for sql in statements:
            await conn.execute(sql)
    finally:
        await conn.close()


async def count_rows(db: Database) -> dict[str, int]:
    conn = await asyncpg.connect(db.url("postgresql"))
    try:
        products = await conn.fetchval("SELECT count(*) FROM products")
        discover = await conn.fetchval(
            "SELECT count(*) FROM products WHERE feed_type = 'discover' AND status = 'available'"
        )
    finally:
        await conn.close()
    return {"products": int(products), "discover": int(discover)}


def pin(db: Database, core: int) -> int:
    """Pins the database's backends to the load core; on a shared PostgreSQL whose connection
    slots other work has taken, waits for one (a few seconds) rather than losing the run."""
    for _ in range(30):
        try:
            return db.pin_backends(core)
        except asyncpg.TooManyConnectionsError:
            time.sleep(1.0)
    print("  could not pin PostgreSQL's backends: no free connection slot")
    return 0


async def some_users(db: Database, count: int) -> list[UUID]:
    conn = await asyncpg.connect(db.url("postgresql"))
    try:
        return [row["id"] for row in await conn.fetch("SELECT id FROM users ORDER BY id LIMIT $1", count)]
    finally:
        await conn.close()


def souk_pool(url: str) -> tuple[int, int]:
    """(pool_size, max_overflow) of the pool Souk's own engine factory builds, for the peer to copy."""
    pool = create_engine(url, pool_size=POOL_SIZE).pool  # connects to nothing until used
    return pool.size(), int(getattr(pool, "_max_overflow", 0))


def servers(env: dict[str, str], url: str, core: int, log_dir: Path) -> tuple[Server, Server]:
    souk_port, peer_port = free_port(), free_port()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SOUK_", "BENCH_"))}
    size, overflow = souk_pool(url)
    peer_env = {
        **base,
        "BENCH_DATABASE_URL": url,
        "BENCH_DB_POOL_SIZE": str(size),
        "BENCH_DB_MAX_OVERFLOW": str(overflow),
    }
    souk_argv = uvicorn_argv("souk.bootstrap.http_app:app_from_env", souk_port, factory=True)
    peer_argv = uvicorn_argv("fastapi_catalog:app", peer_port, app_dir=str(PEERS_DIR))
    common = {"core": core, "log_dir": log_dir, "inherit_env": False}
    return (
        Server(f"catalog-{SOUK}", souk_argv, souk_port, env=env, **common),
        Server(f"catalog-{PEER}", peer_argv, peer_port, env=peer_env, **common),
    )


def community_paths() -> list[str]:
    """Three points per seeded city (the centre and two a couple of km off), radius 10 km."""
    paths = []
    for city in CITIES:
        for dlat, dlng in ((0.0, 0.0), (0.02, -0.03), (-0.025, 0.02)):
            query = {"lat": f"{city.lat + dlat:.4f}", "lng": f"{city.lng + dlng:.4f}", "radius_km": "10"}
            paths.append("/api/v1/feeds/community?" + urllib.parse.urlencode({**query, "limit": LIMIT}))
    return paths


def search_pairs() -> list[str]:
    """Adjective + noun pairs as the seeder writes titles: each matches a few hundred to a few
    thousand of a million products, sorted by relevance (the first search line, issue 3)."""
    nouns = [noun for group in NOUNS.values() for noun in group]
    pairs = [f"{ADJECTIVES[i % len(ADJECTIVES)]} {nouns[(i * 7) % len(nouns)]}" for i in range(24)]
    return ["/api/v1/products/search?" + urllib.parse.urlencode({"q": q.lower(), "limit": LIMIT}) for q in pairs]


def _page(server: Server, path: str) -> dict[str, object]:
    status, body = server.get(path)
    if status != 200:
        raise RuntimeError(f"{server.name} answered {status} to {path}: {body[:300]!r}")
    page: dict[str, object] = json.loads(body)
    return page


def _comparable(page: dict[str, object]) -> dict[str, object]:
    """Cursors aside (each side signs its own); one spelling of UTC."""
    shown = {k: v for k, v in page.items() if k != "next_cursor"}
    items = shown.get("items")
    assert isinstance(items, list)
    for item in items:
        for key in ("created_at", "updated_at"):
            item[key] = item[key].replace("+00:00", "Z")
    return shown


def _walk(server: Server, pages: int) -> Iterator[tuple[dict[str, object], str | None]]:
    """The first page, then ``pages`` next pages: (page, the path that fetched it)."""
    path: str | None = None
    for _ in range(pages + 1):
        page = _page(server, path or DISCOVER)
        yield page, path
        cursor = page.get("next_cursor")
        if not isinstance(cursor, str):
            return
        path = f"{DISCOVER}&cursor={urllib.parse.quote(cursor)}"


def prepare_inputs(souk: Server, peer: Server | None, plan: Plan) -> Inputs:
    """Walk Discover ``pages`` deep on both sides: the JSON must match page by page (or the
    comparison is void), and each side's next-page paths are the rotation for next pages.
    Without the peer (no Discover route chosen), nothing is walked."""
    souk_next: list[str] = []
    peer_next: list[str] = []
    same = True
    walks = zip(_walk(souk, plan.pages), _walk(peer, plan.pages), strict=False) if peer else iter(())
    for (s_page, s_path), (p_page, p_path) in walks:
        if _comparable(s_page) != _comparable(p_page):
            if same:
                print(
                    f"  RESPONSES DIFFER at {s_path or DISCOVER}:\n  souk {json.dumps(_comparable(s_page))[:600]}"
                    f"\n  peer {json.dumps(_comparable(p_page))[:600]}"
                )
            same = False
        if s_path and p_path:
            souk_next.append(s_path)
            peer_next.append(p_path)
    if peer:
        print(f"  identical JSON over {len(souk_next) + 1} Discover pages: {'yes' if same else 'NO'}")
    community, search, pairs = community_paths(), search_mix_paths(LIMIT), search_pairs()
    for path in (community[0], search[0], pairs[0]):
        _page(souk, path)  # fail early, with the answer, on a route that does not work
    return Inputs(souk_next, peer_next, community, search, pairs, same)


def open_loop_rounds(
    souk: Server,
    db: Database,
    viewers: Path,
    plan: Plan,
    load_core: int,
    inputs: Inputs,
    chosen: Sequence[str],
) -> dict[str, list[Sample]]:
    """``viewers``: the signed-in buyers' tokens every route's requests carry, rotated."""

    every: dict[str, Sequence[str]] = {
        "discover_first": [DISCOVER],
        "discover_next": inputs.souk_next,
        "community_10km": inputs.community,
        "search": inputs.search,
        "search_pairs": inputs.search_pairs,
    }
    # the floor first: the same server and client, no database
    routes: dict[str, Sequence[str]] = {HEALTH: ["/health"], **{name: every[name] for name in chosen}}
    print(f"warm-up {souk.name} on every route ({plan.warmup_s:g} s)")
    for paths in routes.values():
        run_wrk(
            souk.base_url,
            paths[0],
            viewers,
            seconds=plan.warmup_s / 2,
            connections=4,
            core=load_core,
            paths=paths,
        )
    for name in routes:
        if name.startswith("search"):
            seconds = warm_search_pages(souk, routes[name])
            print(f"  {name}: every distinct page asked once ({seconds:.1f} s)")
    print(f"pinned {pin(db, load_core)} PostgreSQL backends to core {load_core}")

    def measure(name: str, _round: int) -> Sample:
        paths = routes[name]
        pin(db, load_core)
        result, acc = accounted(
            souk,
            load_core,
            lambda: run_open_loop(
                souk.base_url,
                paths[0],
                viewers,
                rate=plan.rate,
                seconds=plan.open_loop_s,
                core=load_core,
                paths=paths,
            ),
        )
        return {
            "p50_ms": result.p50_ms,
            "p99_ms": result.p99_ms,
            "max_ms": result.max_ms,
            "cpu_s_per_1k": acc.server_cpu_seconds / max(result.ok, 1) * 1000,
            "server_core_share": acc.server_core_share,
            "load_core_busy": acc.load_core_busy,
            "send_lag_p99_ms": result.send_lag_p99_ms,
            "errors": float(result.errors),
        }

    print(f"latency: Souk, open loop at {plan.rate:g} req/s, {plan.rounds} rounds × {plan.open_loop_s:g} s per route")
    # Route by route: a route that falls behind leaves a queue that would be charged to the next.
    samples: dict[str, list[Sample]] = {}
    for name in routes:
        samples.update(alternate([name], plan.rounds, measure))
    return samples


def warm_search_pages(souk: Server, paths: Sequence[str]) -> float:
    """Every distinct page of a search rotation asked once, four at a time, before the rounds.

    A server that has been answering this mix holds its pages (no catalog write happens during
    the run); the rounds measure that steady state, not the first minute of a process that
    starts cold (763 distinct pages at ~15 ms of PostgreSQL each arrive in the mix's first
    5 s: a backlog of seconds that the open loop charges to its first round, issue 19). A
    cold start is the timeline's business, not the p99's: see benchmarks/README.md."""
    started = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda path: _page(souk, path), dict.fromkeys(paths)))
    return time.perf_counter() - started


def throughput_rounds(
    souk: Server, peer: Server, db: Database, tokens: Path, plan: Plan, load_core: int, inputs: Inputs
) -> dict[str, dict[str, list[Sample]]]:
    """Per page kind, A/B alternated: {"first": {souk: [...], fastapi: [...]}, "next": {...}}."""
    by_name = {SOUK: souk, PEER: peer}
    paths = {
        "first": {SOUK: [DISCOVER], PEER: [DISCOVER]},
        "next": {SOUK: inputs.souk_next, PEER: inputs.peer_next},
    }
    for name, server in by_name.items():
        print(f"warm-up {server.name} ({plan.warmup_s:g} s)")
        run_wrk(
            server.base_url,
            DISCOVER,
            tokens,
            seconds=plan.warmup_s,
            connections=WRK_CONNECTIONS,
            core=load_core,
            paths=paths["first"][name] + paths["next"][name],
        )

    def measure_on(kind: str) -> Callable[[str, int], Sample]:
        def measure(name: str, _round: int) -> Sample:
            server, rotated = by_name[name], paths[kind][name]
            pin(db, load_core)
            result, acc = accounted(
                server,
                load_core,
                lambda: run_wrk(
                    server.base_url,
                    rotated[0],
                    tokens,
                    seconds=plan.throughput_s,
                    connections=WRK_CONNECTIONS,
                    core=load_core,
                    paths=rotated,
                ),
            )
            return {
                "rps": result.rps,
                "cpu_s_per_1k": acc.server_cpu_seconds / max(result.requests, 1) * 1000,
                "req_per_cpu_s": result.requests / max(acc.server_cpu_seconds, 1e-9),
                "p99_closed_ms": result.p99_ms,
                "server_core_share": acc.server_core_share,
                "load_core_busy": acc.load_core_busy,
                "wrk_core_share": result.client_cpu_seconds / acc.wall_seconds,
                "errors": float(result.errors + result.non_2xx),
            }

        return measure

    measured = {}
    for kind in paths:
        print(
            f"discover {kind} page(s) throughput: wrk, {WRK_CONNECTIONS} connections, {plan.rounds} rounds × "
            f"{plan.throughput_s:g} s, A/B"
        )
        measured[kind] = alternate([SOUK, PEER], plan.rounds, measure_on(kind))
    return measured


def render(
    latency: dict[str, list[Sample]],
    throughput: dict[str, dict[str, list[Sample]]],
    inputs: Inputs,
    plan: Plan,
    counts: dict[str, int],
    loadavg: tuple[float, float],
) -> str:
    rotation = {
        HEALTH: "`GET /health`, no database",
        "discover_first": "1 page",
        "discover_next": f"{len(inputs.souk_next)} pages",
        "community_10km": f"{len(inputs.community)} points",
        "search": f"{len(inputs.search)} queries of the Zipf mix",
        "search_pairs": f"{len(inputs.search_pairs)} adjective + noun pairs",
    }
    lines = [
        f"## Catalog on PostgreSQL, {counts['products']:,} products — Souk, open loop at {plan.rate:g} req/s",
        "",
        "| route (rotation) | p50 ms (target) | p99 ms median [min–max] | target p99 | server CPU s / 1,000 req "
        "| errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, samples in latency.items():
        lo, hi = spread(samples, "p99_ms")
        p99, p50 = median(samples, "p99_ms"), median(samples, "p50_ms")
        target = TARGETS_P99_MS.get(name)
        verdict = "—" if target is None else f"≤ {target:g} ms: {'met' if p99 <= target else '**NOT met**'}"
        p50_target = TARGETS_P50_MS.get(name)
        p50_text = fmt(p50) + (
            f" (≤ {p50_target:g}: {'met' if p50 <= p50_target else '**NOT met**'})" if p50_target else ""
        )
        lines.append(
            f"| {name} ({rotation[name]}) | {p50_text} | {fmt(p99)} [{fmt(lo)}–{fmt(hi)}] | "
            f"{verdict} | {fmt(median(samples, 'cpu_s_per_1k'))} | {sum(s['errors'] for s in samples):.0f} |"
        )
    notes = _discover_section(lines, throughput, inputs) if throughput else []
    notes += _common_notes(latency, inputs, plan, counts, loadavg)
    if throughput:
        notes += _wrk_notes(throughput)
    return "\n".join(lines) + "\n" + "\n".join(f"- {n}" for n in notes)


def _discover_section(lines: list[str], throughput: dict[str, dict[str, list[Sample]]], inputs: Inputs) -> list[str]:
    closed = [
        ("rps", f"throughput, req/s (wrk, {WRK_CONNECTIONS} conns)", True),
        ("cpu_s_per_1k", "server CPU s / 1,000 req (saturated)", False),
        ("req_per_cpu_s", "req per server CPU-second (noise-robust)", True),
        ("p99_closed_ms", "p99 ms at saturation (closed loop, indicative)", False),
    ]
    table = []
    for kind, label in (("first", "first page"), ("next", f"next pages ({len(inputs.souk_next)} rotated)")):
        metrics = [Metric(key, f"{label}: {text}", better) for key, text, better in closed]
        table.append(comparison_table(metrics, SOUK, PEER, throughput[kind], header=not table))
    lines += ["", "## Discover — Souk vs FastAPI + pydantic + SQLAlchemy ORM peer (closed loop, A/B)", "", *table, ""]
    notes = []
    for kind, label in (("first", "first page"), ("next", "next pages")):
        samples = throughput[kind]
        ratio = median(samples[SOUK], "rps") / median(samples[PEER], "rps")
        capacity = median(samples[SOUK], "req_per_cpu_s") / median(samples[PEER], "req_per_cpu_s")
        notes.append(
            f"Discover {label}: target Souk ≥ {TARGET_RATIO:g}× the peer's throughput: "
            f"**{'met' if ratio >= TARGET_RATIO else 'NOT met'}** ({fmt(ratio)}× in req/s; {fmt(capacity)}× in "
            "requests per server CPU-second)."
        )
    return notes


def _common_notes(
    latency: dict[str, list[Sample]],
    inputs: Inputs,
    plan: Plan,
    counts: dict[str, int],
    loadavg: tuple[float, float],
) -> list[str]:
    notes = []
    notes.append(
        f"{plan.rounds} rounds; {counts['products']:,} products ({counts['discover']:,} available on Discover) from "
        f"`souk demo seed --users {plan.users:,}`; pool {POOL_SIZE} (no overflow) on each side; identical JSON on "
        f"{len(inputs.souk_next) + 1 if inputs.souk_next else 0} Discover pages walked on both sides (cursors aside): "
        f"{'yes' if inputs.same else 'NO — comparison void'}."
    )
    load_before, load_after = loadavg
    notes.append(
        f"Machine load average (5 min) {load_before:.1f} before, {load_after:.1f} after, on {os.cpu_count()} cores"
        f"{': other work shared the cores, read CPU per request before req/s' if load_after > 2.5 else ''}."
    )
    notes.append(
        f"`{HEALTH}` is Souk's `/health` at the same rate: what the server, the client and the machine (scheduler, "
        "other jobs on the cores) cost before any database work; a route's p99 cannot be read below it."
    )
    lag = max(s["send_lag_p99_ms"] for samples in latency.values() for s in samples)
    busy = max(s["load_core_busy"] for samples in latency.values() for s in samples)
    notes.append(f"Open loop: client send lag p99 ≤ {lag:.2f} ms; load core busy ≤ {busy:.0%}.")
    return notes


def _wrk_notes(throughput: dict[str, dict[str, list[Sample]]]) -> list[str]:
    notes = []
    for name in (SOUK, PEER):
        rows = throughput["first"][name] + throughput["next"][name]
        busy_lo, busy_hi = spread(rows, "load_core_busy")
        share = statistics.median(s["server_core_share"] for s in rows)
        errors = sum(s["errors"] for s in rows)
        starved = " (starved: waiting on the database or other work on its core)" if share < 0.85 else ""
        saturated = " (SATURATED: the load generator may have measured itself)" if busy_hi > 0.95 else ""
        notes.append(
            f"{name} under wrk: server used {share:.0%} of its core{starved}; load core (wrk, PostgreSQL, anything "
            f"else) busy {busy_lo:.0%}–{busy_hi:.0%}{saturated}; errors {errors:.0f}."
        )
    return notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="2 short rounds on 50,000 products: a smoke test")
    parser.add_argument("--rounds", type=int, help="rounds (default 5; 2 with --quick)")
    parser.add_argument("--routes", help=f"open-loop routes only, comma-separated ({', '.join(ROUTES)})")
    args = parser.parse_args()
    if args.routes:
        os.environ["BENCH_CATALOG_ROUTES"] = args.routes
    server_core, load_core = pick_cores()
    os.sched_setaffinity(0, {load_core})
    results = Path(__file__).parent / "results"
    results.mkdir(exist_ok=True)
    report = run(
        quick=args.quick, rounds=args.rounds, server_core=server_core, load_core=load_core, results_dir=results
    )
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
