"""A/B alternation and per-round accounting: server CPU seconds and the load core's busy share."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from harness.cpu import busy_share, core_times
from harness.server import Server

R = TypeVar("R")
Sample = dict[str, float]


@dataclass(frozen=True)
class Accounting:
    server_cpu_seconds: float
    wall_seconds: float
    load_core_busy: float  # 0..1: near 1 means the load generator's core was saturated

    @property
    def server_core_share(self) -> float:
        return self.server_cpu_seconds / self.wall_seconds if self.wall_seconds else 0.0


def accounted(server: Server, load_core: int, run: Callable[[], R]) -> tuple[R, Accounting]:
    """Run one measurement, charging the server's CPU (utime+stime before/after) to it."""
    cpu_before, core_before, started = server.cpu_seconds(), core_times(load_core), time.monotonic()
    result = run()
    wall = time.monotonic() - started
    cpu_after, core_after = server.cpu_seconds(), core_times(load_core)
    return result, Accounting(cpu_after - cpu_before, wall, busy_share(core_before, core_after))


IDLE_CORE_SHARE = 0.05  # a server below 5 % of a core over half a second has finished its backlog


def wait_idle(cpu_seconds: Callable[[], float], deadline: float) -> bool:
    """Wait (until ``deadline``, a ``time.monotonic()`` value) for a server (``cpu_seconds``:
    its CPU so far) to go idle: work a run leaves behind (a backlog of requests, or the outbox
    events its writes recorded) must be charged to that run, not to the next. False if the
    deadline came first."""
    while time.monotonic() < deadline:
        before = cpu_seconds()
        time.sleep(0.5)
        if cpu_seconds() - before < IDLE_CORE_SHARE * 0.5:
            return True
    return False


def alternate(
    names: Sequence[str],
    rounds: int,
    measure: Callable[[str, int], Sample],
    *,
    progress: Callable[[str], None] = print,
) -> dict[str, list[Sample]]:
    """A, B, A, B, ... for ``rounds`` rounds; ``measure(name, round)`` returns one sample."""
    samples: dict[str, list[Sample]] = {name: [] for name in names}
    for round_no in range(rounds):
        for name in names:
            sample = measure(name, round_no)
            samples[name].append(sample)
            shown = ", ".join(f"{k}={v:.4g}" for k, v in sample.items())
            progress(f"  round {round_no + 1}/{rounds} {name}: {shown}")
    return samples
