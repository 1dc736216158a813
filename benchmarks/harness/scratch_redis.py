"""A private Redis server for one benchmark run: its own process on a free port, pinned to
the load core (with PostgreSQL and the client), no persistence; gone when the run ends.
Nothing is shared with the machine's Redis, so neither pub/sub traffic nor keys collide with
other work, and every peer's channel sees only this run's messages."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

from harness.server import free_port


@contextlib.contextmanager
def scratch_redis(core: int) -> Iterator[str]:
    """Yields ``redis://127.0.0.1:<port>/0``."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server not found (Debian: apt-get install -y redis-server)")
    port = free_port()
    argv = ["taskset", "-c", str(core), binary, "--port", str(port), "--bind", "127.0.0.1"]
    argv += ["--save", "", "--appendonly", "no", "--maxclients", "20000", "--loglevel", "warning"]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {port}")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
