"""Resident memory of a process, from /proc: what the kernel actually holds for it."""

from __future__ import annotations


def rss_bytes(pid: int) -> int:
    """VmRSS of ``pid`` (all its threads share it), in bytes."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise ValueError(f"no VmRSS for pid {pid}")
