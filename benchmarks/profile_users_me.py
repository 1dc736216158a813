"""Where Souk's time goes on GET /api/v1/users/me.

1. Ablation: Souk and variants each one layer thinner (``profiling/users_me_variants.py``),
   each saturated by wrk; the server CPU per request of neighbours gives each layer's cost.
2. Sampling (``--py-spy``): py-spy records Souk under wrk; the stacks are summarised by layer.

``uv run --group bench python benchmarks/profile_users_me.py [--seconds 10] [--passes 2] [--py-spy]``
(py-spy: ``uv pip install py-spy``, or have ``uvx`` on PATH). Results in benchmarks/results/."""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import statistics
import subprocess
import threading
from collections import Counter
from pathlib import Path

import users_me
from harness.ab import accounted
from harness.cpu import pick_cores
from harness.openloop import run_open_loop
from harness.scratch_db import scratch_database
from harness.server import Server, free_port, uvicorn_argv
from harness.wrk import run_wrk
from souk.bootstrap.migrations import migrate
from souk.bootstrap.settings import Settings

RESULTS = Path(__file__).parent / "results"
VARIANTS_DIR = Path(__file__).parent / "profiling"
SOUK_APP = "souk.bootstrap.http_app:app_from_env"
# (label, factory), thickest first: each row removes one layer from the row above.
LADDER = [
    ("souk (as shipped)", SOUK_APP),
    ("- metrics middleware", "users_me_variants:no_metrics"),
    ("- request-id middleware", "users_me_variants:no_middleware"),
    ("- dishka (wired by hand)", "users_me_variants:no_dishka"),
    ("- pool overflow (max_overflow=0)", "users_me_variants:no_overflow"),
    ("raw asyncpg instead of SQLAlchemy", "users_me_variants:raw_asyncpg"),
    ("no database (JWT + canned user)", "users_me_variants:no_database"),
    ("Litestar constant answer", "users_me_variants:hello"),
]
# Layers for the py-spy summary, by the file of a sample's innermost frame ("func (pkg/file.py:line)").
LAYERS = {
    "asyncpg": "asyncpg driver",
    "sqlalchemy": "SQLAlchemy",
    "greenlet": "greenlet",
    "dishka": "dishka",
    "<dishka": "dishka (generated)",
    "<get": "dishka (generated)",
    "jwt": "PyJWT",
    "litestar": "Litestar",
    "uvicorn": "uvicorn / httptools",
    "asyncio": "asyncio / uvloop",
    "uvloop": "asyncio / uvloop",
    "souk": "Souk code",
    "prometheus_client": "Prometheus client",
    "structlog": "structlog",
    "msgspec": "msgspec",
    "json": "stdlib json",
    "uuid": "stdlib uuid",
    "ssl": "ssl (new connections)",
}
# Inclusive share: samples with a frame containing the text (not for wrapping middleware,
# which is on every stack: read their self time in the package table instead).
PROBES = {
    "JWT verify (JwtAccessTokens.verify)": "JwtAccessTokens.verify",
    "query: SqlUserReader.get (SQLAlchemy + asyncpg)": "SqlUserReader.get",
    "SQLAlchemy greenlet bridge (greenlet_spawn)": "greenlet_spawn",
    "new DB connections (asyncpg connect_utils)": "connect_utils",
    "closing DB connections (asyncpg Connection.close)": "Connection.close",
    "JSON column decoding (stdlib json)": "json/decoder",
    "request id (uuid4)": "uuid4",
    "metrics (prometheus_client)": "prometheus_client",
    "dishka container: create, resolve (incl. JWT in the Identity provider), close": "AsyncContainer",
}


def server(app: str, env: dict[str, str], core: int) -> Server:
    port = free_port()
    argv = uvicorn_argv(app, port, factory=True, app_dir=str(VARIANTS_DIR))
    return Server(app.split(":")[-1], argv, port, env=env, inherit_env=False, core=core, log_dir=RESULTS)


def ablation(env: dict[str, str], tokens: Path, seconds: float, passes: int, cores: tuple[int, int]) -> str:
    cpu: dict[str, list[float]] = {label: [] for label, _ in LADDER}
    rps: dict[str, list[float]] = {label: [] for label, _ in LADDER}
    p99: dict[str, list[float]] = {label: [] for label, _ in LADDER}
    for n in range(passes):
        for label, app in LADDER if n % 2 == 0 else LADDER[::-1]:
            with server(app, env, cores[0]) as s:
                run_wrk(s.base_url, users_me.PATH, tokens, seconds=3, core=cores[1])
                result, acc = accounted(
                    s, cores[1], lambda s=s: run_wrk(s.base_url, users_me.PATH, tokens, seconds=seconds, core=cores[1])
                )
            if result.errors or result.non_2xx:
                print(f"  {label}: {result.errors} errors, {result.non_2xx} non-2xx")
            cpu[label].append(acc.server_cpu_seconds / result.requests * 1e6)
            rps[label].append(result.rps)
            p99[label].append(result.p99_ms)
            shown = f"{cpu[label][-1]:.0f} µs CPU/req, {result.rps:.0f} req/s, p99 {result.p99_ms:.0f} ms"
            print(f"  pass {n + 1} {label}: {shown}")
    lines = [
        "| variant | CPU µs / request | req/s | p99 ms (closed loop) | layer cost, µs | share of Souk |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    medians = [statistics.median(cpu[label]) for label, _ in LADDER]
    for i, (label, _) in enumerate(LADDER):
        step = medians[i] - medians[i + 1] if i + 1 < len(LADDER) else medians[i]
        rate = statistics.median(rps[label])
        tail = statistics.median(p99[label])
        lines.append(f"| {label} | {medians[i]:.0f} | {rate:.0f} | {tail:.0f} | {step:.0f} | {step / medians[0]:.0%} |")
    return "\n".join(lines)


def tails(env: dict[str, str], tokens: Path, seconds: float, passes: int, cores: tuple[int, int]) -> str:
    """Open-loop p99 at a fixed rate: Souk as shipped (start-up heap frozen) against Souk with
    the heap handed back to the garbage collector."""
    contenders = {
        "souk (as shipped, start-up heap frozen)": SOUK_APP,
        "souk, gc.unfreeze()": "users_me_variants:gc_unfrozen",
    }
    rate = 200.0
    p50: dict[str, list[float]] = {name: [] for name in contenders}
    p99: dict[str, list[float]] = {name: [] for name in contenders}
    for n in range(passes):
        for name, app in contenders.items():
            with server(app, env, cores[0]) as s:
                run_wrk(s.base_url, users_me.PATH, tokens, seconds=3, core=cores[1])
                result = run_open_loop(s.base_url, users_me.PATH, tokens, rate=rate, seconds=seconds, core=cores[1])
            p50[name].append(result.p50_ms)
            p99[name].append(result.p99_ms)
            print(
                f"  pass {n + 1} {name}: p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms, {result.errors} errors"
            )
    lines = [f"| variant | p50 ms at {rate:g} req/s | p99 ms at {rate:g} req/s |", "| --- | ---: | ---: |"]
    for name in contenders:
        lines.append(f"| {name} | {statistics.median(p50[name]):.1f} | {statistics.median(p99[name]):.1f} |")
    return "\n".join(lines)


def sample(env: dict[str, str], tokens: Path, seconds: float, cores: tuple[int, int]) -> str:
    py_spy = [shutil.which("py-spy")] if shutil.which("py-spy") else ["uvx", "py-spy"]
    out = RESULTS / "users_me.pyspy.txt"
    with server(SOUK_APP, env, cores[0]) as s:
        run_wrk(s.base_url, users_me.PATH, tokens, seconds=3, core=cores[1])
        load = threading.Thread(
            target=run_wrk, args=(s.base_url, users_me.PATH, tokens), kwargs={"seconds": seconds + 4, "core": cores[1]}
        )
        load.start()
        record = ["taskset", "-c", str(cores[1]), *py_spy, "record", "-p", str(s.pid), "-d", str(int(seconds))]
        subprocess.run([*record, "-r", "250", "-f", "raw", "-o", str(out)], check=True, capture_output=True)
        load.join()
    return summarise(out)


def summarise(folded: Path) -> str:
    layers: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    probes: Counter[str] = Counter()
    total = 0
    for line in folded.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        count = int(count_text)
        total += count
        frames = stack.split(";")
        leaves[frames[-1]] += count
        where = frames[-1].rpartition("(")[2]
        top = where.split("/")[0].split(".")[0] if "/" in where else where.split(":")[0].removesuffix(".py")
        layers[LAYERS.get(top) or LAYERS.get(top[:4], f"other: {top}")] += count
        for name, text in PROBES.items():
            if text in stack:
                probes[name] += count
    lines = [
        f"{total} samples of the server under wrk.",
        "",
        "Inclusive: share of samples with the probe on the stack.",
    ]
    lines += ["", "| probe | share |", "| --- | ---: |"]
    lines += [f"| {name} | {probes[name] / total:.1%} |" for name in PROBES]
    lines += ["", "Self time by package of the innermost frame:", "", "| package | share |", "| --- | ---: |"]
    lines += [f"| {name} | {n / total:.1%} |" for name, n in layers.most_common(14)]
    lines += ["", "Hottest innermost frames:", ""]
    lines += [f"- {n / total:.1%} {frame}" for frame, n in leaves.most_common(15)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--py-spy", action="store_true", help="also sample Souk with py-spy")
    parser.add_argument("--no-ablation", action="store_true")
    parser.add_argument("--tails", action="store_true", help="open-loop p99 with and without the frozen start-up heap")
    args = parser.parse_args()
    cores = pick_cores()
    os.sched_setaffinity(0, {cores[1]})
    RESULTS.mkdir(exist_ok=True)
    secret = secrets.token_urlsafe(48)
    report = []
    with scratch_database() as db:
        settings = Settings(database_url=db.url(), jwt_secret=secret, db_pool_size=users_me.POOL_SIZE)
        asyncio.run(migrate(settings))
        ids = asyncio.run(users_me.seed(settings, 10_000))
        tokens = RESULTS / "profile.tokens"
        users_me.write_tokens(tokens, ids, secret)
        env = users_me.souk_env(db, secret)
        if not args.no_ablation:
            report += [
                "## users/me ablation (server CPU per request, saturated)",
                "",
                ablation(env, tokens, args.seconds, args.passes, cores),
            ]
        if args.tails:
            report += ["", "## users/me tail latency and the garbage collector", ""]
            report.append(tails(env, tokens, args.seconds, args.passes, cores))
        if args.py_spy:
            report += ["", "## users/me py-spy", "", sample(env, tokens, args.seconds, cores)]
        tokens.unlink(missing_ok=True)
    text = "\n".join(report)
    (RESULTS / "users_me_profile.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
