"""Run one ffmpeg/ffprobe process with a deadline and an output-size cap, and make sure it dies."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from souk.domain.media.errors import MediaRejected

ProgressLine = Callable[[dict[str, str]], Awaitable[None]]
STDERR_TAIL = 4096
PR_SET_PDEATHSIG = 1


def _load_prctl() -> Callable[..., int] | None:
    """Resolved in the parent: the forked child must not import or load libraries."""
    if sys.platform != "linux":
        return None
    try:
        prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return prctl


_prctl = _load_prctl()


@dataclass(frozen=True, slots=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str


async def run_limited(
    argv: Sequence[str],
    *,
    timeout_s: float,
    watch_dir: Path | None = None,
    max_output_bytes: int | None = None,
    on_progress: ProgressLine | None = None,
) -> Finished:
    """``on_progress`` receives each ``-progress pipe:1`` block; without it stdout is captured."""
    process = await asyncio.create_subprocess_exec(
        *argv,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"},
        start_new_session=True,  # its own process group: killing it kills any child too
        preexec_fn=partial(_die_with_parent, os.getpid()) if sys.platform == "linux" else None,
    )
    stderr = bytearray()
    stdout = bytearray()

    async def read_stderr() -> None:
        assert process.stderr is not None
        while chunk := await process.stderr.read(65536):
            stderr.extend(chunk)
            del stderr[:-STDERR_TAIL]

    async def read_stdout() -> None:
        assert process.stdout is not None
        block: dict[str, str] = {}
        while line := await process.stdout.readline():
            if on_progress is None:
                stdout.extend(line)
                continue
            key, _, value = line.decode(errors="replace").strip().partition("=")
            block[key] = value
            if key == "progress":
                if watch_dir is not None and max_output_bytes is not None and _size(watch_dir) > max_output_bytes:
                    raise MediaRejected(
                        f"Processing produced more than {max_output_bytes // (1024 * 1024)} MB and was stopped."
                    )
                await on_progress(block)
                block = {}

    try:
        async with asyncio.timeout(timeout_s):
            await asyncio.gather(read_stdout(), read_stderr())
            returncode = await process.wait()
    except TimeoutError:
        raise MediaRejected(f"Processing took longer than {timeout_s:.0f} s and was stopped.") from None
    finally:
        _kill(process)
        with contextlib.suppress(ProcessLookupError):
            await asyncio.shield(process.wait())
    return Finished(returncode, stdout.decode(errors="replace"), stderr.decode(errors="replace"))


def _die_with_parent(parent: int) -> None:
    """In the child, before exec: be killed if Souk dies (even by SIGKILL), so no ffmpeg
    outlives a crashed worker and keeps burning CPU on a job that another worker retries."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _kill(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)


def _size(directory: Path) -> int:
    return sum(entry.stat().st_size for entry in directory.rglob("*") if entry.is_file())
