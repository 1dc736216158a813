"""CPU accounting from /proc: a process's utime+stime, and how busy one core was."""

from __future__ import annotations

import os
from dataclasses import dataclass

_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of every thread of ``pid`` (fields 14 and 15 of /proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        raw = f.read()
    fields = raw[raw.rindex(")") + 2 :].split()  # the command name may hold spaces
    return (int(fields[11]) + int(fields[12])) / _TICKS


@dataclass(frozen=True)
class CoreTimes:
    busy: int
    total: int


def core_times(core: int) -> CoreTimes:
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith(f"cpu{core} "):
                values = [int(v) for v in line.split()[1:]]
                idle = values[3] + values[4]  # idle + iowait
                total = sum(values[:8])  # guest time is already counted in user
                return CoreTimes(total - idle, total)
    raise ValueError(f"no core {core} in /proc/stat")


def busy_share(before: CoreTimes, after: CoreTimes) -> float:
    """Share of ``after - before`` the core spent busy, 0..1."""
    total = after.total - before.total
    return (after.busy - before.busy) / total if total else 0.0


def pick_cores() -> tuple[int, int]:
    """(server core, load core): the first two cores this process may use; one core serves both
    on a single-core machine (then CPU seconds per request is the figure to read)."""
    usable = sorted(os.sched_getaffinity(0))
    return (usable[0], usable[1]) if len(usable) > 1 else (usable[0], usable[0])
