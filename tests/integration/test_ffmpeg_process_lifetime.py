"""No ffmpeg outlives the process that started it, and no scratch directory outlives a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from souk.bootstrap.scratch import remove_stale_scratch
from tests.media_support import binaries

CHILD = """
import asyncio, sys
from souk.adapters.ffmpeg.process import run_limited
source = ["-re", "-f", "lavfi", "-i", "testsrc2=size=64x64"]
argv = [sys.argv[1], "-nostdin", "-loglevel", "error", *source, "-f", "null", "-"]
asyncio.run(run_limited(argv, timeout_s=120))
"""


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return found


def is_ffmpeg(pid: int) -> bool:
    """Started and exec'd (a freshly forked child is still a copy of Python)."""
    return (
        b"testsrc2" in Path(f"/proc/{pid}/cmdline").read_bytes()
        and b"python" not in Path(f"/proc/{pid}/comm").read_bytes()
    )


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(sys.platform != "linux", reason="parent-death signal is Linux-only")
def test_ffmpeg_dies_with_a_killed_worker() -> None:
    worker = subprocess.Popen([sys.executable, "-c", CHILD, binaries().ffmpeg])
    try:
        deadline = time.monotonic() + 20
        while not (kids := [pid for pid in children(worker.pid) if is_ffmpeg(pid)]):
            assert time.monotonic() < deadline, "ffmpeg never started"
            time.sleep(0.1)
        (ffmpeg,) = kids
        assert alive(ffmpeg)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        deadline = time.monotonic() + 10
        while alive(ffmpeg):
            assert time.monotonic() < deadline, "ffmpeg outlived its worker"
            time.sleep(0.1)
    finally:
        worker.kill()


def test_stale_scratch_directories_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    stale = tmp_path / "souk-video-old"
    live = tmp_path / "souk-video-new"
    other = tmp_path / "someone-else"
    for directory in (stale, live, other):
        directory.mkdir()
        (directory / "source").write_bytes(b"x")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    assert remove_stale_scratch(3600, tmp_path) == 1
    assert (not stale.exists(), live.exists(), other.exists()) == (True, True, True)


def test_scratch_of_a_dead_process_is_removed_at_once_and_a_live_ones_kept(tmp_path: Path) -> None:
    """A worker killed mid-job leaves ``souk-video-<pid>-…``: the next worker to start on the
    host removes it however young it is; a live process's directory stays."""
    dead = subprocess.Popen(["true"])
    dead.wait()
    orphan = tmp_path / f"souk-video-{dead.pid}-abc123"
    recording = tmp_path / f"souk-recording-{dead.pid}-def456"
    running = tmp_path / f"souk-video-{os.getpid()}-ghi789"
    parent = tmp_path / f"souk-recording-{os.getppid()}-jkl012"
    for directory in (orphan, recording, running, parent):
        directory.mkdir()
        (directory / "source").write_bytes(b"x" * 1024)
    assert remove_stale_scratch(3600, tmp_path) == 2
    assert (orphan.exists(), recording.exists(), running.exists(), parent.exists()) == (False, False, True, True)
