"""Open-loop latency: requests leave on a fixed schedule (``rate`` per second) whatever the
server's speed, and each latency runs from the request's *scheduled* time, so a stalled
server is charged for the queue it causes (no coordinated omission).

``run_open_loop`` starts this file as its own process pinned to a core; the process prints
one JSON line. Plain HTTP/1.1 keep-alive over asyncio streams, rotating bearer tokens and,
optionally, paths (``paths``: cursors, coordinates, search terms). A path keeps its query
string (``/feeds/community?lat=…``)."""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from harness.rawhttp import HttpConnection, percentile

BENCHMARKS = Path(__file__).resolve().parent.parent  # the client process runs ``-m harness.<module>`` from here


@dataclass(frozen=True)
class OpenLoopResult:
    rate: float
    sent: int
    ok: int
    errors: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    send_lag_p99_ms: float  # how late the client sent; large means the client, not the server, was slow
    client_cpu_seconds: float
    seconds: float


def run_open_loop(
    base_url: str,
    path: str,
    tokens_file: Path,
    *,
    rate: float,
    seconds: float,
    connections: int = 64,
    core: int = 1,
    paths: Sequence[str] | None = None,
) -> OpenLoopResult:
    """``paths`` (each ``/path?query``), when given, rotate in place of ``path``."""
    argv = ["taskset", "-c", str(core), sys.executable, "-m", "harness.openloop", base_url + path, str(tokens_file)]
    argv += ["--rate", str(rate), "--seconds", str(seconds), "--connections", str(connections)]
    with tempfile.NamedTemporaryFile("w", suffix=".paths") as listed:
        if paths:
            listed.write("\n".join(paths) + "\n")
            listed.flush()
            argv += ["--paths-file", listed.name]
        done = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=BENCHMARKS, timeout=seconds + 90)
    return OpenLoopResult(**json.loads(done.stdout.strip().splitlines()[-1]))


def request_target(url: str) -> str:
    """The request-target of an absolute URL: its path and, when there is one, its query."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


async def _drive(
    url: str, tokens: list[str], rate: float, seconds: float, connections: int, paths: list[str] | None = None
) -> dict[str, float]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    targets = paths or [request_target(url)]
    # target i and token i rotate together (each list wraps): both vary request by request
    requests = [
        f"GET {targets[i % len(targets)]} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"{authorization(tokens[i % len(tokens)])}\r\n".encode()
        for i in range(max(len(targets), len(tokens)))
    ]
    pool: asyncio.Queue[HttpConnection] = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(await HttpConnection.open(host, port))
    clock = time.perf_counter  # not loop.time(): uvloop's is cached per iteration, in whole ms
    latencies: list[float] = []
    lags: list[float] = []
    errors = 0

    async def one(i: int, due: float) -> None:
        nonlocal errors
        conn = await pool.get()
        try:
            status = await conn.request(requests[i % len(requests)])
            if status == 200:
                latencies.append(clock() - due)
            else:
                errors += 1
        except (OSError, asyncio.IncompleteReadError, ValueError):
            errors += 1
            conn.close()
            conn = await HttpConnection.open(host, port)
        pool.put_nowait(conn)

    total = int(rate * seconds)
    tasks: set[asyncio.Task[None]] = set()
    started = clock() + 0.05
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    for i in range(total):
        due = started + i / rate
        delay = due - clock()
        if delay > 0:
            await asyncio.sleep(delay)
        lags.append(max(0.0, clock() - due))
        task = asyncio.create_task(one(i, due))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    if tasks:
        _, pending = await asyncio.wait(tasks, timeout=30)
        for task in pending:
            task.cancel()
        errors += len(pending)
    elapsed = clock() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    latencies.sort()
    lags.sort()
    return {
        "rate": rate,
        "sent": total,
        "ok": len(latencies),
        "errors": errors,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": (latencies[-1] if latencies else float("nan")) * 1000,
        "send_lag_p99_ms": percentile(lags, 0.99) * 1000,
        "client_cpu_seconds": (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime),
        "seconds": elapsed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("tokens_file", type=Path)
    parser.add_argument("--rate", type=float, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--paths-file", type=Path, help="paths to rotate, one a line, instead of the url's")
    args = parser.parse_args()
    tokens = args.tokens_file.read_text().split()
    paths = args.paths_file.read_text().split() if args.paths_file else None
    try:
        import uvloop

        run = uvloop.run
    except ImportError:
        run = asyncio.run
    result = run(_drive(args.url, tokens, args.rate, args.seconds, args.connections, paths))
    print(json.dumps(result))


def authorization(token: str) -> str:
    """The header line for ``token``; ``-`` stands for an anonymous request (no header)."""
    return "" if token == "-" else f"Authorization: Bearer {token}\r\n"


if __name__ == "__main__":
    main()
