"""A load driver for writes (POST/PATCH): each request of a list is sent once, in order, with
its own method, path, bearer token and JSON body, so every request does fresh work (a new
offer, an accept of an offer still open). ``run_writes`` starts this file as its own
process pinned to a core; the process prints one JSON line.

Modes:
- ``closed``: ``connections`` keep-alive connections each send the next request as soon as
  their previous answer arrived, for ``seconds`` or until the list runs out (throughput).
- ``open``: requests leave on a fixed schedule (``rate`` per second) whatever the server's
  speed; latency runs from the scheduled time, so a stalled server pays for its queue.
- ``storm``: the list comes in groups (``group`` key); each group's requests are sent at once,
  one connection each, and the group settles when the last answer is in; then the next.

Plain HTTP/1.1 over asyncio streams (no client library on the hot path)."""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from harness.rawhttp import HttpConnection, percentile

BENCHMARKS = Path(__file__).resolve().parent.parent  # the client process runs ``-m harness.<module>`` from here


@dataclass(frozen=True)
class WriteRequest:
    method: str
    path: str
    token: str
    body: dict[str, Any] | None = None
    group: int = 0


@dataclass(frozen=True)
class WriteResult:
    sent: int
    ok: int  # 2xx
    statuses: dict[str, int]
    p50_ms: float
    p99_ms: float
    max_ms: float
    seconds: float
    client_cpu_seconds: float
    exhausted: bool  # the list ran out before the time did
    groups: list[dict[str, float]]  # storm: per group {"winners", "settle_ms", "errors_5xx"}

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


def run_writes(
    base_url: str,
    requests: Sequence[WriteRequest],
    *,
    mode: str,
    seconds: float = 0.0,
    rate: float = 0.0,
    connections: int = 32,
    core: int = 1,
) -> WriteResult:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl") as listed:
        for r in requests:
            listed.write(json.dumps({"m": r.method, "p": r.path, "t": r.token, "b": r.body, "g": r.group}) + "\n")
        listed.flush()
        argv = [
            "taskset",
            "-c",
            str(core),
            sys.executable,
            "-m",
            "harness.writes",
            base_url,
            listed.name,
            "--mode",
            mode,
        ]
        argv += ["--seconds", str(seconds), "--rate", str(rate), "--connections", str(connections)]
        done = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=BENCHMARKS, timeout=seconds + 600)
    return WriteResult(**json.loads(done.stdout.strip().splitlines()[-1]))


def _raw(item: dict[str, Any], host: str, port: int) -> bytes:
    body = json.dumps(item["b"]).encode() if item["b"] is not None else b""
    head = f"{item['m']} {item['p']} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {item['t']}\r\n"
    if body:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    else:
        head += "Content-Length: 0\r\n"
    return head.encode() + b"\r\n" + body


async def _drive(
    url: str, items: list[dict[str, Any]], mode: str, seconds: float, rate: float, connections: int
) -> dict[str, Any]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    raws = [_raw(item, host, port) for item in items]
    clock = time.perf_counter
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    groups: list[dict[str, float]] = []
    sent = 0
    exhausted = False
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = clock()

    async def send(conn: HttpConnection, i: int, since: float) -> tuple[HttpConnection, int]:
        try:
            status = await conn.request(raws[i])
        except (OSError, asyncio.IncompleteReadError, ValueError):
            conn.close()
            return await HttpConnection.open(host, port), 0
        latencies.append(clock() - since)
        return conn, status

    if mode == "closed":
        cursor = iter(range(len(raws)))
        deadline = started + seconds

        async def worker() -> None:
            nonlocal sent, exhausted
            conn = await HttpConnection.open(host, port)
            while clock() < deadline:
                i = next(cursor, None)
                if i is None:
                    exhausted = True
                    break
                sent += 1
                conn, status = await send(conn, i, clock())
                statuses[str(status)] += 1
            conn.close()

        await asyncio.gather(*(worker() for _ in range(connections)))
    elif mode == "open":
        pool: asyncio.Queue[HttpConnection] = asyncio.Queue()
        for _ in range(connections):
            pool.put_nowait(await HttpConnection.open(host, port))

        async def one(i: int, due: float) -> None:
            conn = await pool.get()
            conn, status = await send(conn, i, due)
            statuses[str(status)] += 1
            pool.put_nowait(conn)

        total = min(len(raws), int(rate * seconds))
        exhausted = total < int(rate * seconds)
        tasks: set[asyncio.Task[None]] = set()
        begin = clock() + 0.05
        for i in range(total):
            due = begin + i / rate
            delay = due - clock()
            if delay > 0:
                await asyncio.sleep(delay)
            sent += 1
            task = asyncio.create_task(one(i, due))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        if tasks:
            await asyncio.wait(tasks, timeout=60)
    else:  # storm
        by_group: dict[int, list[int]] = {}
        for i, item in enumerate(items):
            by_group.setdefault(item["g"], []).append(i)
        for members in by_group.values():
            conns = [await HttpConnection.open(host, port) for _ in members]
            begin = clock()
            answers = await asyncio.gather(*(send(c, i, begin) for c, i in zip(conns, members, strict=True)))
            settle = clock() - begin
            sent += len(members)
            codes = [status for _, status in answers]
            for code in codes:
                statuses[str(code)] += 1
            groups.append(
                {
                    "size": len(members),
                    "winners": sum(1 for c in codes if 200 <= c < 300),
                    "conflicts": sum(1 for c in codes if c == 409),
                    "errors_5xx": sum(1 for c in codes if c >= 500 or c == 0),
                    "settle_ms": settle * 1000,
                }
            )
            for conn, _ in answers:
                conn.close()
    elapsed = clock() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    latencies.sort()
    return {
        "sent": sent,
        "ok": sum(n for code, n in statuses.items() if code.startswith("2")),
        "statuses": dict(statuses),
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": (latencies[-1] if latencies else float("nan")) * 1000,
        "seconds": elapsed,
        "client_cpu_seconds": (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime),
        "exhausted": exhausted,
        "groups": groups,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("requests_file", type=Path)
    parser.add_argument("--mode", choices=["closed", "open", "storm"], required=True)
    parser.add_argument("--seconds", type=float, default=0.0)
    parser.add_argument("--rate", type=float, default=0.0)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    items = [json.loads(line) for line in args.requests_file.read_text().splitlines() if line]
    try:
        import uvloop

        run = uvloop.run
    except ImportError:
        run = asyncio.run
    result = run(_drive(args.url, items, args.mode, args.seconds, args.rate, args.connections))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
