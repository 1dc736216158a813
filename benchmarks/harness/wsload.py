"""Driving ``harness/wsclient.py`` from a benchmark: the client runs as its own process(es)
pinned to the load core; a plan goes in as a JSON file, commands and answers as JSON lines.

``WsLoad`` shards one plan over ``processes`` client processes (each gets every n-th socket and
1/n of the rate) and merges their answers: counts add up, percentiles are recomputed from the
latency samples each process returns."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

CLIENT = Path(__file__).with_name("wsclient.py")


def raise_nofile() -> int:
    """Raise this process's open-files soft limit to the hard limit (children inherit it:
    servers holding thousands of sockets); returns the new limit."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


class ClientProcess:
    def __init__(self, plan: dict[str, Any], core: int, log: Path | None = None) -> None:
        self._plan_file = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)  # noqa: SIM115
        json.dump(plan, self._plan_file)
        self._plan_file.close()
        self._stderr = (log or Path("/tmp/bench-wsclient.log")).open("ab")
        self.process = subprocess.Popen(
            ["taskset", "-c", str(core), sys.executable, str(CLIENT), self._plan_file.name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )

    def read(self, timeout: float) -> dict[str, Any]:
        assert self.process.stdout is not None
        answer: list[str] = []
        reader = threading.Thread(target=lambda: answer.append(self.process.stdout.readline()))  # type: ignore[union-attr]
        reader.start()
        reader.join(timeout)
        if not answer or not answer[0]:
            raise RuntimeError(f"load client gave no answer within {timeout:g} s (exit {self.process.poll()})")
        return dict(json.loads(answer[0]))

    def send(self, command: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.send({"cmd": "stop"})
                self.process.wait(timeout=20)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        self._stderr.close()
        Path(self._plan_file.name).unlink(missing_ok=True)

    def cpu_seconds(self) -> float:
        from harness.cpu import process_cpu_seconds

        return process_cpu_seconds(self.process.pid)


class WsLoad:
    """``with WsLoad(plans, core) as load: load.ready; load.run(rate, seconds)``."""

    def __init__(self, plans: Sequence[dict[str, Any]], core: int, *, connect_timeout: float = 600) -> None:
        self.plans = list(plans)
        self.core = core
        self.connect_timeout = connect_timeout
        self.processes: list[ClientProcess] = []
        self.ready: dict[str, Any] = {}

    def __enter__(self) -> WsLoad:
        self.processes = [ClientProcess(plan, self.core) for plan in self.plans]
        try:
            answers = [p.read(self.connect_timeout) for p in self.processes]
        except Exception:
            self.__exit__()
            raise
        self.ready = merge_counts(answers)
        return self

    def __exit__(self, *_: object) -> None:
        for process in self.processes:
            process.close()

    def shares(self, rate: float) -> list[float]:
        """``rate`` split over the processes by their plans' ``weight`` (default 1; a process
        that only holds listening sockets has weight 0)."""
        weights = [float(plan.get("weight", 1.0)) for plan in self.plans]
        total = sum(weights) or 1.0
        return [rate * weight / total for weight in weights]

    def run(self, rate: float, seconds: float) -> dict[str, Any]:
        for process, share in zip(self.processes, self.shares(rate), strict=True):
            process.send({"cmd": "run", "rate": share, "seconds": seconds})
        answers = [p.read(seconds + 120) for p in self.processes]
        return merge_results(answers)

    def pending(self) -> int:
        """Requests still waiting for their ack, over every client process."""
        for process in self.processes:
            process.send({"cmd": "pending"})
        return sum(int(p.read(30)["pending"]) for p in self.processes)

    def client_cpu_seconds(self) -> float:
        return sum(p.cpu_seconds() for p in self.processes)


def merge_counts(answers: Sequence[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for answer in answers:
        for key, value in answer.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                wall = key.endswith("seconds") and not key.endswith("cpu_seconds")  # CPU adds up, wall time does not
                merged[key] = max(merged.get(key, 0), value) if wall else merged.get(key, 0) + value
    return merged


def merge_results(answers: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Sum the counts; take the worst of the per-process percentiles (a conservative merge:
    each process measured its own shard of the same schedule; a process that measured none,
    e.g. one holding listening sockets only, has no say)."""
    merged = merge_counts([{k: v for k, v in a.items() if k not in _WORST} for a in answers])
    for key in _WORST:
        values = [float(a[key]) for a in answers if key in a]
        merged[key] = max(values) if values else float("nan")
    codes: dict[str, int] = {}
    for answer in answers:
        for code, n in answer.get("error_codes", {}).items():
            codes[code] = codes.get(code, 0) + n
    merged["error_codes"] = codes
    merged["rate"] = sum(float(a["rate"]) for a in answers)
    merged["seconds"] = max(float(a["seconds"]) for a in answers)
    return merged


_WORST = (
    "p50_ms",
    "p99_ms",
    "max_ms",
    "send_lag_p99_ms",
    "loop_lag_p99_ms",  # the processes that send and time
    "loop_lag_max_ms",
    "drains_loop_lag_p99_ms",  # the processes that only hold listening sockets
    "drains_loop_lag_max_ms",
)


def room_plans(plan: dict[str, Any], drain_processes: int, concurrency: int) -> list[dict[str, Any]]:
    """A ``room``/``auction`` plan as one process that sends and times (its senders and probes)
    and ``drain_processes`` processes of lean viewers (``drains`` mode, weight 0) sharing the
    rest; ``concurrency`` handshakes in flight over all of them."""
    n_full = int(plan["senders"]) + int(plan["probes"])
    viewers: list[str] = plan["viewers"]
    each = max(1, concurrency // (drain_processes + 1))
    full = {**plan, "viewers": viewers[:n_full], "concurrency": each}
    bulk = {"mode": "drains", "weight": 0, "concurrency": each, "viewers": viewers[n_full:]}
    bulk |= {k: plan[k] for k in ("protocol", "base", "stream_id")}
    return [full, *shard(bulk, "viewers", drain_processes)] if drain_processes else [plan]


def shard(plan: dict[str, Any], key: str, processes: int) -> list[dict[str, Any]]:
    """Split ``plan[key]`` (a list) round-robin over ``processes`` plans."""
    return [{**plan, key: plan[key][i::processes]} for i in range(processes)]


def settle(load: WsLoad, cpu_seconds: Callable[[], float], timeout: float = 60.0) -> None:
    """Wait until every request has its answer and the servers (``cpu_seconds``: their CPU
    so far) are idle again (below 5 % of a core over 0.5 s): an overloaded run leaves a backlog
    that must not be charged to the next one."""
    import time

    from harness.ab import wait_idle

    deadline = time.monotonic() + timeout
    while load.pending() and time.monotonic() < deadline:
        time.sleep(0.5)
    wait_idle(cpu_seconds, deadline)
